import { DateTime, IANAZone } from 'luxon';
import type { CalendarDate } from '../domain/types.js';

/*
 * Tolerant readers for HubSpot property strings. Each turns whatever HubSpot (or a person typing
 * into it) holds into a value the rules can use, and says what it did through `note` when the
 * value was odd: a bad value never stops an evaluation.
 */

/** Called with a plain-language problem ("is not a number; read as 0") when a value is odd. */
export type NoteProblem = (problem: string) => void;

type Raw = string | null | undefined;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const EPOCH_MS = /^-?\d{9,}$/;
/** Decimal notation only: `Number()` alone would also take `0x10` and `Infinity`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['1', 'yes', 'y', 'on', 'checked']);

function isBlank(raw: Raw): raw is null | undefined | '' {
  return raw === null || raw === undefined || raw.trim() === '';
}

/** `true`/`false` (any case); unset is false. `yes`, `1`, `on` read as true, anything else as false, with a note. */
export function readBoolean(raw: Raw, note: NoteProblem): boolean {
  if (isBlank(raw)) return false;
  const word = raw.trim().toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (TRUE_WORDS.has(word)) {
    note('is not true or false; read as true');
    return true;
  }
  note('is not true or false; read as false');
  return false;
}

/** What a count may be at most, and how to say it in a note ("the 8 modules of the Sales track"). */
export interface CountLimit {
  max: number;
  describe: string;
}

/** A non-negative whole count; unset is 0. Text, negatives, fractions and overflows are noted. */
export function readCount(raw: Raw, note: NoteProblem, limit?: CountLimit): number {
  if (isBlank(raw)) return 0;
  const text = raw.trim();
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    note('is not a number; read as 0');
    return 0;
  }
  if (value < 0) {
    note('is negative; read as 0');
    return 0;
  }
  let count = value;
  if (!Number.isInteger(count)) {
    count = Math.floor(count);
    note(`is not a whole number; read as ${count}`);
  }
  if (limit && count > limit.max) {
    note(`is more than ${limit.describe}; read as ${limit.max}`);
    return limit.max;
  }
  return count;
}

/**
 * A calendar date. `YYYY-MM-DD` is the normal form; epoch milliseconds (HubSpot's other form for
 * date properties, midnight UTC) and ISO date-times are read too, with a note; an instant that is
 * not midnight UTC is read as its date in `timeZone`. Anything else is ignored (null), with a note.
 */
export function readDate(raw: Raw, timeZone: string, note: NoteProblem): CalendarDate | null {
  if (isBlank(raw)) return null;
  const text = raw.trim();
  if (ISO_DATE.test(text)) {
    const date = DateTime.fromISO(text, { zone: 'utc' });
    if (date.isValid) return text;
    note('is not a real date; ignored');
    return null;
  }
  const instant = EPOCH_MS.test(text)
    ? DateTime.fromMillis(Number(text), { zone: 'utc' })
    : DateTime.fromISO(text, { zone: 'utc', setZone: true });
  if (!instant.isValid) {
    note('is not a date (expected YYYY-MM-DD); ignored');
    return null;
  }
  const form = EPOCH_MS.test(text) ? 'epoch milliseconds' : 'a date-time';
  const utc = instant.toUTC();
  if (utc.hour === 0 && utc.minute === 0 && utc.second === 0 && utc.millisecond === 0) {
    const date = utc.toISODate() as CalendarDate;
    note(`is ${form}; read as ${date}`);
    return date;
  }
  const date = utc.setZone(timeZone).toISODate() as CalendarDate;
  note(`is ${form}, not midnight UTC; read as ${date}, its date in ${timeZone}`);
  return date;
}

/** One of `allowed` (any case); unset is null; anything else is ignored (null), with a note. */
export function readChoice<T extends string>(raw: Raw, allowed: readonly T[], note: NoteProblem): T | null {
  if (isBlank(raw)) return null;
  const word = raw.trim().toLowerCase();
  const match = allowed.find((option) => option === word);
  if (match) return match;
  note(`is not one of ${allowed.join(', ')}; ignored`);
  return null;
}

/**
 * The options of a multi-select (checkbox) value, `a;b;c`, in the order given, without repeats.
 * Unknown options are dropped, with a note.
 */
export function readChoices<T extends string>(raw: Raw, allowed: readonly T[], note: NoteProblem): T[] {
  if (isBlank(raw)) return [];
  const chosen: T[] = [];
  const unknown: string[] = [];
  for (const part of raw.split(';')) {
    const word = part.trim().toLowerCase();
    if (word === '') continue;
    const match = allowed.find((option) => option === word);
    if (!match) unknown.push(part.trim());
    else if (!chosen.includes(match)) chosen.push(match);
  }
  if (unknown.length > 0) note(`has unknown option(s) ${unknown.join(', ')} (known: ${allowed.join(', ')}); ignored`);
  return chosen;
}

/** An IANA time zone; unset is `fallback`; an unknown zone is `fallback` too, with a note. */
export function readTimeZone(raw: Raw, fallback: string, note: NoteProblem): string {
  if (isBlank(raw)) return fallback;
  const zone = raw.trim();
  if (IANAZone.isValidZone(zone)) return zone;
  note(`is not an IANA time zone; using ${fallback}`);
  return fallback;
}

/** Plain text; blank is null. */
export function readText(raw: Raw): string | null {
  return isBlank(raw) ? null : raw.trim();
}
