import { AppError } from '../../errors.js';
import type { LedgerEntry } from './types.js';

function sameFact(a: LedgerEntry, b: LedgerEntry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The ledger with `entries` appended, and the ones that were new. An entry whose key is already on
 * the ledger with the same content is the same fact derived again and is skipped, so deriving and
 * appending twice changes nothing. Existing entries are never changed or removed.
 *
 * @throws AppError `INVALID_INPUT` when a key is already on the ledger with different content:
 *   a fact cannot be rewritten, only reversed by a new entry.
 */
export function appendLedgerEntries(
  ledger: readonly LedgerEntry[],
  entries: readonly LedgerEntry[],
): { ledger: LedgerEntry[]; added: LedgerEntry[] } {
  const byKey = new Map(ledger.map((entry) => [entry.key, entry]));
  const added: LedgerEntry[] = [];
  for (const entry of entries) {
    const existing = byKey.get(entry.key);
    if (existing !== undefined) {
      if (sameFact(existing, entry)) continue;
      throw new AppError('INVALID_INPUT', `ledger entry ${entry.key} already exists with other content; append a reversal instead of changing it`);
    }
    byKey.set(entry.key, entry);
    added.push(entry);
  }
  return { ledger: [...ledger, ...added], added };
}
