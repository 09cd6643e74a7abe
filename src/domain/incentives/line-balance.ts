import { ledgerBalance } from './ledger-balance.js';
import type { LedgerBalance, LedgerEntry, LedgerLine } from './types.js';

/** The balance of one ledger line (partner, bucket, rule and source) and its stable key prefix. */
export function lineBalance(line: LedgerLine, ledger: readonly LedgerEntry[], currency: string): { prefix: string; balance: LedgerBalance; entries: LedgerEntry[] } {
  const entries = ledger.filter((entry) => entry.partnerId === line.partnerId && entry.bucket === line.bucket && entry.rule === line.rule
    && entry.source.type === line.source.type && entry.source.id === line.source.id);
  return {
    prefix: `line:${line.bucket}:${line.partnerId}:${line.source.type}:${line.source.id}:${line.rule}`,
    balance: ledgerBalance(entries, currency),
    entries,
  };
}
