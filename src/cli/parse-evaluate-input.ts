import { z } from 'zod';
import { isCalendarDate } from '../domain/calendar-date.js';
import type { CalendarDate } from '../domain/types.js';
import { AppError } from '../errors.js';
import type { HubSpotRecord } from '../hubspot/hubspot-record.js';
import { describeProgramIssues } from '../program/describe-program-issues.js';

/** What `partner-enablement evaluate` reads (docs/interfaces.md, "partner-enablement evaluate"), checked and turned into HubSpot records. */
export interface EvaluateInput {
  asOf: CalendarDate | undefined;
  company: HubSpotRecord;
  contacts: HubSpotRecord[];
  /** Tolerated oddities of the input itself (numbers where HubSpot sends strings, unknown fields). */
  warnings: string[];
}

const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

// Records may carry HubSpot's other fields (createdAt, archived, …): they are allowed and unused.
const hubSpotRecord = z.looseObject({
  id: z.union([z.string().min(1), z.number().int().nonnegative()]),
  properties: z.record(z.string(), propertyValue),
});

const inputSchema = z.looseObject({
  asOf: z.string().nullish(),
  company: hubSpotRecord,
  contacts: z.array(hubSpotRecord).optional(),
});

const KNOWN_FIELDS = new Set(['asOf', 'company', 'contacts']);

type ParsedRecord = z.infer<typeof hubSpotRecord>;

function invalidInput(reason: string): AppError {
  return new AppError('INVALID_INPUT', reason);
}

/** HubSpot sends every value as a string; a number or boolean typed by hand is read as its text. */
function toHubSpotRecord(kind: 'company' | 'contact', parsed: ParsedRecord, warnings: string[]): HubSpotRecord {
  const id = String(parsed.id);
  const properties: HubSpotRecord['properties'] = {};
  for (const [name, value] of Object.entries(parsed.properties)) {
    if (typeof value === 'number' || typeof value === 'boolean') {
      warnings.push(`${kind} ${id}: ${name} is the JSON ${typeof value} ${String(value)}, not a string as HubSpot sends; read as "${String(value)}"`);
      properties[name] = String(value);
    } else {
      properties[name] = value;
    }
  }
  return { id, properties };
}

/**
 * Parses the command's JSON input. Malformed JSON, a wrong shape or a bad `asOf` throw
 * `INVALID_INPUT` with a one-line reason naming where the problem is; odd property values are
 * left for the property mapping to warn about.
 */
export function parseEvaluateInput(text: string): EvaluateInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = text.trim() === '' ? 'the input is empty' : (error as Error).message;
    throw invalidInput(`input is not valid JSON: ${reason}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalidInput('input must be a JSON object with "company" and optional "contacts" and "asOf"');
  }
  const result = inputSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const problems = describeProgramIssues(result.error.issues);
    throw invalidInput(`input does not have the expected shape: ${problems.join('; ')}`);
  }
  const { asOf, company, contacts = [] } = result.data;
  if (asOf != null && !isCalendarDate(asOf)) throw invalidInput(`asOf ${JSON.stringify(asOf)} is not a YYYY-MM-DD date`);
  const warnings = Object.keys(data)
    .filter((key) => !KNOWN_FIELDS.has(key))
    .map((key) => `input: unknown field ${JSON.stringify(key)}; ignored`);
  return {
    asOf: asOf ?? undefined,
    company: toHubSpotRecord('company', company, warnings),
    contacts: contacts.map((contact) => toHubSpotRecord('contact', contact, warnings)),
    warnings,
  };
}
