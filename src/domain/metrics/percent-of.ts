import { roundToTenth } from './round-to-tenth.js';

/** `part / whole` as a percentage with one decimal; null when the whole is zero. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : roundToTenth((part / whole) * 100);
}
