import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { main } from '../../../src/cli/main.js';
import { aCompanyRecord, aContactRecord } from '../../support/hubspot-record-factories.js';

/** An in-memory terminal with a frozen clock. */
function anIo(stdin: string, now: number) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env: {},
    now: () => now,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

function anInput(timeZone: string, asOf?: string) {
  return JSON.stringify({
    ...(asOf ? { asOf } : {}),
    company: aCompanyRecord({ pe_timezone: timeZone }, '5001'),
    contacts: [aContactRecord({ pe_cert_sales_fundamentals_earned_on: '2025-11-30' }, '7001')],
  });
}

const lateEveningUtc = Date.UTC(2026, 10, 20, 23, 30);

async function expiresInDays(input: string, args: string[] = []): Promise<number> {
  const terminal = anIo(input, lateEveningUtc);
  expect(await main(['evaluate', ...args], terminal.io)).toBe(0);
  return JSON.parse(terminal.stdout()).gaps[0].expiresInDays;
}

describe('evaluate: the evaluation date', () => {
  it('defaults to today in the partner time zone', async () => {
    // 23:30 UTC on 20 November is already 21 November in Auckland.
    expect(await expiresInDays(anInput('UTC'))).toBe(10);
    expect(await expiresInDays(anInput('Pacific/Auckland'))).toBe(9);
  });

  it('uses asOf from the input over the clock', async () => {
    expect(await expiresInDays(anInput('UTC', '2026-11-01'))).toBe(29);
  });

  it('uses --as-of over the input asOf', async () => {
    expect(await expiresInDays(anInput('UTC', '2026-11-01'), ['--as-of', '2026-11-25'])).toBe(5);
  });

  it('refuses an --as-of that is not a date as wrong usage', async () => {
    const terminal = anIo(anInput('UTC'), lateEveningUtc);
    expect(await main(['evaluate', '--as-of', 'tomorrow'], terminal.io)).toBe(2);
    expect(terminal.stderr()).toBe(
      'partner-enablement evaluate: --as-of must be a YYYY-MM-DD date, got "tomorrow" (see partner-enablement evaluate --help)\n',
    );
  });
});

describe('main', () => {
  it('shows a command help with `help <command>`', async () => {
    const terminal = anIo('', lateEveningUtc);
    expect(await main(['help', 'evaluate'], terminal.io)).toBe(0);
    expect(terminal.stdout()).toMatch(/^Usage: partner-enablement evaluate \[FILE\]/);
  });

  it('prints the version', async () => {
    const terminal = anIo('', lateEveningUtc);
    expect(await main(['--version'], terminal.io)).toBe(0);
    expect(terminal.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
