import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aCompanyRecord, aContactRecord } from '../support/hubspot-record-factories.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-cli-evaluate-'));

function aFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Silver in the default program: foundation and sales done, technical half-way, one valid certification. */
function aSilverInput(companyProperties: Record<string, string | null> = {}) {
  return {
    asOf: '2026-11-20',
    company: aCompanyRecord(
      {
        pe_foundation_complete: 'true',
        pe_sales_modules_completed: '8',
        pe_technical_modules_completed: '5',
        pe_last_enablement_activity: '2026-11-01',
        pe_target_tier: 'gold',
        ...companyProperties,
      },
      '5001',
    ),
    contacts: [
      aContactRecord({ pe_cert_sales_fundamentals_earned_on: '2025-11-30', pe_active_tracks: 'technical' }, '7001'),
      aContactRecord({ firstname: 'Grace', lastname: 'Hopper', pe_partner_role: 'se' }, '7002'),
    ],
  };
}

function evaluate(input: unknown, args: string[] = [], env: Record<string, string> = {}) {
  return runCli(['evaluate', ...args], { stdin: JSON.stringify(input), env });
}

function expectOneLineFailure(result: { code: number | null; stdout: string; stderr: string }, code: number, pattern: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('partner-enablement evaluate (JSON)', () => {
  it('reads JSON on standard input and prints the outputs docs/interfaces.md describes', async () => {
    const result = await evaluate(aSilverInput());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      company: {
        pe_readiness_score: '74',
        pe_tier: 'silver',
        pe_next_tier: 'gold',
        pe_points_to_next_tier: '11',
        pe_valid_certifications: '1',
        pe_certifications_expiring_30d: '1',
        pe_gap_count: '3',
        pe_gaps_summary: [
          'High: Renew Sales Fundamentals for Ada Lovelace (expires in 10 days)',
          'High: Finish the Technical track (5 modules left)',
          'High: Earn 1 more valid certification (recommended: Technical Associate)',
        ].join('\n'),
        pe_permissions: 'access_portal;submit_leads;register_deals;access_mdf',
      },
      contacts: {
        '7001': {
          pe_cert_sales_fundamentals_expires_on: '2026-11-30',
          pe_cert_technical_associate_expires_on: '',
          pe_cert_solution_architect_expires_on: '',
          pe_cert_master_partner_expires_on: '',
          pe_valid_certifications: '1',
          pe_next_certification_expiry: '2026-11-30',
          pe_active_tracks: 'technical',
          pe_pending_tracks: '',
        },
        '7002': {
          pe_cert_sales_fundamentals_expires_on: '',
          pe_cert_technical_associate_expires_on: '',
          pe_cert_solution_architect_expires_on: '',
          pe_cert_master_partner_expires_on: '',
          pe_valid_certifications: '0',
          pe_next_certification_expiry: '',
          pe_active_tracks: '',
          pe_pending_tracks: '',
          pe_next_training_deadline: '',
        },
      },
      gaps: [
        { type: 'renewal', priority: 'high', certification: 'sales_fundamentals', contactId: '7001', expiresInDays: 10 },
        { type: 'training', priority: 'high', track: 'technical', remainingModules: 5 },
        { type: 'certification', priority: 'high', needed: 1, recommended: ['technical_associate'] },
      ],
      warnings: [],
    });
  });

  it('reads a FILE argument the same as standard input', async () => {
    const input = aSilverInput();
    const fromFile = await runCli(['evaluate', aFile('silver.json', JSON.stringify(input))]);
    const fromStdin = await evaluate(input);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toBe(fromStdin.stdout);
  });

  it('reads standard input when FILE is "-"', async () => {
    const result = await runCli(['evaluate', '-'], { stdin: JSON.stringify(aSilverInput()) });
    expect(JSON.parse(result.stdout).company.pe_tier).toBe('silver');
  });

  it('tolerates odd values and reports each in warnings', async () => {
    const input = aSilverInput({
      pe_sales_modules_completed: 'eight',
      pe_technical_modules_completed: '-3',
      pe_advanced_modules_completed: '40',
      pe_timezone: 'Mars/Olympus',
      pe_last_enablement_activity: '1793491200000',
    });
    const result = await evaluate(input);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.warnings).toEqual([
      'company 5001: pe_timezone "Mars/Olympus" is not an IANA time zone; using UTC',
      'company 5001: pe_sales_modules_completed "eight" is not a number; read as 0',
      'company 5001: pe_technical_modules_completed "-3" is negative; read as 0',
      'company 5001: pe_advanced_modules_completed "40" is more than the 6 modules of the Advanced track; read as 6',
      'company 5001: pe_last_enablement_activity "1793491200000" is epoch milliseconds; read as 2026-11-01',
    ]);
    expect(output.company.pe_tier).toBe('bronze');
  });

  it('counts no certification earned after asOf, and reports each in warnings', async () => {
    const input = aSilverInput();
    input.contacts[1] = aContactRecord({ firstname: 'Grace', pe_partner_role: 'se', pe_cert_technical_associate_earned_on: '2026-11-21' }, '7002');

    const result = await evaluate(input);

    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.company).toMatchObject({ pe_valid_certifications: '1', pe_tier: 'silver' });
    expect(output.warnings).toEqual(['contact 7002: certification technical_associate earned on 2026-11-21, after today (2026-11-20); not counted until then']);
  });

  it('warns, and still evaluates, when the company is not marked as a partner', async () => {
    const result = await evaluate(aSilverInput({ pe_is_partner: 'false' }));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual([
      'company 5001: pe_is_partner is not true; evaluated anyway (the server evaluates partners only)',
    ]);
  });

  it('uses another program with --program', async () => {
    const withDefaults = JSON.parse((await evaluate(aSilverInput())).stdout);
    const result = await evaluate(aSilverInput(), ['--program', 'examples/program-cloud-msp.json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    // Cloud MSP asks 2 certifications for its silver tier ("Select") and has a security certification.
    expect(withDefaults.company.pe_tier).toBe('silver');
    expect(output.company.pe_tier).toBe('bronze');
    expect(output.contacts['7001']).toHaveProperty('pe_cert_security_specialist_expires_on', '');
    expect(output.contacts['7001']).not.toHaveProperty('pe_cert_master_partner_expires_on');
  });

  it('reads a YAML program file', async () => {
    const result = await evaluate(aSilverInput(), ['--program', 'examples/program-referral-partners.yaml']);
    expect(result.code).toBe(0);
    // Referral partners: gold needs 1 certification and a 5-module technical track (5/5 done).
    const output = JSON.parse(result.stdout);
    expect(output.company.pe_tier).toBe('gold');
    expect(output.warnings).toEqual([
      'company 5001: pe_sales_modules_completed "8" is more than the 4 modules of the Sales track; read as 4',
    ]);
  });

  it('uses PROGRAM_FILE when no --program is given', async () => {
    const result = await evaluate(aSilverInput(), [], { PROGRAM_FILE: 'examples/program-cloud-msp.json' });
    expect(JSON.parse(result.stdout).company.pe_tier).toBe('bronze');
  });
});

describe('partner-enablement evaluate (failures)', () => {
  it('refuses malformed JSON with exit 3 and a one-line reason', async () => {
    const result = await runCli(['evaluate'], { stdin: '{"company": {"id": "1", ' });
    expectOneLineFailure(result, 3, /^partner-enablement evaluate: input is not valid JSON: /);
  });

  it('refuses empty input with exit 3', async () => {
    expectOneLineFailure(await runCli(['evaluate'], { stdin: '' }), 3, /input is not valid JSON: the input is empty/);
  });

  it('refuses input that is not an object', async () => {
    expectOneLineFailure(await evaluate([aSilverInput()]), 3, /input must be a JSON object with "company"/);
  });

  it('refuses input without a company, naming it', async () => {
    expectOneLineFailure(await evaluate({ contacts: [] }), 3, /company: expected an object, but it is missing/);
  });

  it('refuses contacts that are not a list, naming where', async () => {
    expectOneLineFailure(await evaluate({ ...aSilverInput(), contacts: { id: '1' } }), 3, /contacts: expected a list, got an object/);
  });

  it('refuses a contact without properties, naming which', async () => {
    const input = { ...aSilverInput(), contacts: [{ id: '7001', properties: {} }, { id: '7002' }] };
    expectOneLineFailure(await evaluate(input), 3, /contacts\[1\]\.properties: expected an object, but it is missing/);
  });

  it('refuses an asOf that is not a date', async () => {
    expectOneLineFailure(await evaluate({ ...aSilverInput(), asOf: '2026-02-30' }), 3, /asOf "2026-02-30" is not a YYYY-MM-DD date/);
  });

  it('refuses a FILE that does not exist with exit 3', async () => {
    expectOneLineFailure(await runCli(['evaluate', 'no/such/partner.json']), 3, /cannot read no\/such\/partner\.json: no such file/);
  });

  it('refuses an unknown option with exit 2', async () => {
    expectOneLineFailure(await evaluate(aSilverInput(), ['--formt', 'markdown']), 2, /unknown option --formt \(see partner-enablement evaluate --help\)/);
  });

  it('refuses an unknown format with exit 2', async () => {
    expectOneLineFailure(await evaluate(aSilverInput(), ['--format', 'html']), 2, /--format must be json or markdown, got "html"/);
  });

  it('refuses an unknown command with exit 2', async () => {
    expectOneLineFailure(await runCli(['evalute']), 2, /unknown command "evalute"/);
  });

  it('refuses an invalid program file with exit 4, naming every problem by its path', async () => {
    const program = aFile('bad-program.json', JSON.stringify({ tiers: { gold: { minCertifications: 'two' } }, reminderTime: '9am' }));
    const result = await evaluate(aSilverInput(), ['--program', program]);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('tiers.gold.minCertifications: expected a number, got "two"');
    expect(result.stderr).toContain('reminderTime: expected HH:mm, got "9am"');
  });
});

describe('partner-enablement evaluate --format markdown', () => {
  it('prints the status report with its tables, progress bar and recommendations', async () => {
    const result = await evaluate(aSilverInput({ name: 'Northwind Integrations' }), ['--format', 'markdown']);
    expect(result.code).toBe(0);
    const report = result.stdout;
    expect(report).toMatch(/^# Partner enablement status: Northwind Integrations\n/);
    expect(report).toContain('- **Tier:** Silver');
    expect(report).toContain('- **Readiness score:** 74/100');
    expect(report).toContain('- **Trend:** ');
    expect(report).toContain('Current: Silver ━━━━━━━━━━━━━━━━━░░░ Gold, 74/85 points');
    expect(report).toContain('| Track | Status | Progress | Deadline |');
    expect(report).toContain('| Technical | In progress | 5/10 modules (50%) | — |');
    expect(report).toContain('| Certification | Status | Holder | Expiry |');
    expect(report).toContain('| Sales Fundamentals | Expiring in 10 days | Ada Lovelace | 2026-11-30 |');
    expect(report).toContain('## Gaps toward Gold');
    expect(report).toContain('| Contact | Role | Training | Certifications |');
    expect(report).toContain('| Grace Hopper | Sales engineer | — | — |');
    for (const horizon of ['**Immediately**', '**This week**', '**This month**']) expect(report).toContain(horizon);
  });

  it('prints warnings on standard error, keeping the report clean', async () => {
    const result = await evaluate(aSilverInput({ pe_timezone: 'Nowhere/Special' }), ['--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: company 5001: pe_timezone "Nowhere/Special" is not an IANA time zone; using UTC\n');
    expect(result.stdout).not.toContain('Nowhere');
  });
});

describe('partner-enablement --help', () => {
  it('lists the commands and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: partner-enablement <command>/);
    expect(result.stdout).toMatch(/\n {2}evaluate {2}/);
  });

  it('shows the options of evaluate', async () => {
    const result = await runCli(['evaluate', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--program FILE', '--format FORMAT', '--as-of DATE']) expect(result.stdout).toContain(option);
  });
});
