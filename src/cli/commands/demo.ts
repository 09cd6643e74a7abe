import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import type { Services } from '../../app/build-services.js';
import { loadConfig } from '../../config.js';
import { todayIn } from '../../domain/calendar-date.js';
import { evaluatePartner } from '../../domain/evaluate-partner.js';
import { renderStatusReport } from '../../domain/render-status-report.js';
import type { Trend } from '../../domain/types.js';
import { certificationEarnedOnProperty } from '../../hubspot/property-names.js';
import { readPartnerSnapshot } from '../../hubspot/read-partner-snapshot.js';
import { createLogger } from '../../logger.js';
import type { Sandbox } from '../../sandbox/index.js';
import { startSandboxMode, type SandboxMode } from '../../sandbox-mode/start-sandbox-mode.js';
import { waitUntilSettled } from '../../sandbox-mode/wait-until-settled.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { renderAuditTrail } from './audit.js';

const USAGE = `Usage: partner-enablement demo [--yes]

A guided tour of the product in the terminal, with no HubSpot account: it starts its own sandbox
HubSpot with demo partners (and a private redis-server unless REDIS_URL is set), runs the product
against it, then changes partners "in HubSpot's UI" and shows what the product does with each change:
the webhooks arrive, the worker re-evaluates, the outputs, notes, tasks and audit trail change.

  --yes        do not pause between steps (the default when the terminal is not interactive)
  -h, --help   show this help

It never touches a real portal, whatever HUBSPOT_ACCESS_TOKEN says, and stops everything it started.
`;

const TRENDS = new Set<string>(['improving', 'stable', 'declining']);

function parseOptions(args: string[]): { yes: boolean; help: boolean } {
  try {
    const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: { yes: { type: 'boolean', short: 'y', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
    return { yes: values.yes ?? false, help: values.help ?? false };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The status report of a partner as HubSpot holds it now: the header and the gaps. */
async function statusReport(services: Services, companyId: string): Promise<string> {
  const { partners } = await services.repository.loadPartners([companyId]);
  const loaded = partners[0];
  if (!loaded) return `(company ${companyId} is gone)`;
  const { snapshot } = readPartnerSnapshot(loaded.company, loaded.contacts, services.program);
  const evaluation = evaluatePartner(snapshot, services.program, todayIn(snapshot.timeZone, Date.now()));
  const trendValue = loaded.company.properties.pe_readiness_trend ?? '';
  const trend = TRENDS.has(trendValue) ? (trendValue as Trend) : undefined;
  const report = renderStatusReport({ evaluation, snapshot, program: services.program, trend });
  // The header (tier, score, trend, progress bar) and the gaps tell the story of a change; the
  // full report (training, certifications, team, recommendations) is one command away.
  const sections = report.split(/\n(?=## )/);
  return [sections[0], ...sections.filter((section) => section.startsWith('## Gaps'))].join('\n').trimEnd();
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `    ${line}` : ''))
    .join('\n');
}

function companyName(sandbox: Sandbox, companyId: string): string {
  return sandbox.store.getCompany(companyId)?.properties.name ?? `company ${companyId}`;
}

function activitiesOf(sandbox: Sandbox, type: 'notes' | 'tasks', companyId: string) {
  return sandbox.store.listRecords(type).filter((record) => sandbox.store.associatedIds(type, record.id, 'companies').includes(companyId));
}

/** The declining-trend tasks of a company (renewal reminders leave tasks of their own). */
function decliningTasks(sandbox: Sandbox, companyId: string) {
  return activitiesOf(sandbox, 'tasks', companyId).filter((task) => task.properties.hs_task_subject?.startsWith('Partner readiness declining'));
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const say = (text = '') => io.stdout.write(`${text}\n`);
  const interactive = !options.yes && io.stdin.isTTY === true;
  const prompt = interactive ? createInterface({ input: io.stdin, terminal: false }) : undefined;
  const pause = async () => {
    if (!prompt) return;
    io.stdout.write('\n  Press Enter for the next step… ');
    await prompt.question('');
  };

  // The demo never uses a real portal: drop the token, keep the rest (REDIS_URL, PROGRAM_FILE).
  const env = { ...io.env, HUBSPOT_ACCESS_TOKEN: '', HUBSPOT_CLIENT_SECRET: '', PORT: '0', PUBLIC_BASE_URL: '' };
  const config = loadConfig(env);
  say('Starting a sandbox HubSpot with demo partners, Redis, and the product (web server and worker)…');
  // The demo's data is thrown away, and the embedded database of an `npm start` running beside
  // it cannot be opened twice: the demo keeps its own in a temporary directory.
  const databaseDir = mkdtempSync(path.join(os.tmpdir(), 'partner-enablement-demo-'));
  let mode: SandboxMode;
  try {
    mode = await startSandboxMode(config, {
      logger: createLogger({ level: 'error', role: 'demo', destination: io.stderr }),
      databaseDir,
      writeStateFile: false,
    });
  } catch (error) {
    rmSync(databaseDir, { recursive: true, force: true });
    throw error;
  }
  const { sandbox, services } = mode;
  const stepCalls = () => sandbox.requests.count();
  try {
    // Renewal reminders already due on the demo's today go out first; then the stage is quiet.
    await waitUntilSettled(sandbox, mode.product);
    say(`The product runs at ${mode.serverUrl}; the sandbox HubSpot at ${sandbox.url}.`);
    say(`It evaluated all ${mode.initialEvaluation.partners} demo partners on start (${mode.initialEvaluation.hubspotCalls} HubSpot calls).`);

    // Step 1: a tier change.
    const newcomer = sandbox.seed.partners.find((p) => p.expectedTier === 'none')!;
    say('\n━━ Step 1: a partner completes the Foundation track ━━');
    say(`${newcomer.name} has no tier yet. Its status as HubSpot shows it now:\n`);
    say(indent(await statusReport(services, newcomer.id)));
    await pause();
    say(`\nA partner manager ticks "Foundation complete" on ${newcomer.name} in HubSpot…`);
    let calls = stepCalls();
    sandbox.ui.updateCompany(newcomer.id, { pe_foundation_complete: 'true' });
    await waitUntilSettled(sandbox, mode.product);
    say(`…HubSpot sent a signed webhook, the server queued the company, the worker re-evaluated it and wrote the outputs (${stepCalls() - calls} HubSpot calls). Now:\n`);
    say(indent(await statusReport(services, newcomer.id)));
    const note = activitiesOf(sandbox, 'notes', newcomer.id).at(-1);
    if (note) say(`\nThe tier change left a note on the company's timeline:\n\n${indent(note.properties.hs_note_body ?? '')}`);
    await pause();

    // Step 2: a change on a contact reaches its company.
    const silver = sandbox.seed.partners.find((p) => p.expectedTier === 'silver')!;
    const contactId = silver.contactIds[0]!;
    const contact = sandbox.store.getContact(contactId)!.properties;
    const certification = Object.keys(services.program.certifications).find((id) => !contact[certificationEarnedOnProperty(id)]);
    say('\n━━ Step 2: a person at a partner earns a certification ━━');
    const before = sandbox.store.getCompany(silver.id)!.properties;
    if (certification) {
      const name = `${contact.firstname ?? ''} ${contact.lastname ?? ''}`.trim() || `contact ${contactId}`;
      say(`${name} of ${silver.name} passes ${services.program.certifications[certification]!.name}; the date goes on their contact record…`);
      calls = stepCalls();
      sandbox.ui.updateContact(contactId, { [certificationEarnedOnProperty(certification)]: DateTime.utc().toISODate()! });
      await waitUntilSettled(sandbox, mode.product);
      const after = sandbox.store.getCompany(silver.id)!.properties;
      say(`…the contact's webhook led the worker to the company, which was re-evaluated (${stepCalls() - calls} HubSpot calls):`);
      for (const property of ['pe_valid_certifications', 'pe_readiness_score', 'pe_tier', 'pe_readiness_trend', 'pe_gap_count']) {
        say(`    ${property.padEnd(26)} ${before[property] ?? ''} → ${after[property] ?? ''}`);
      }
      say(`    ${'contact: expires on'.padEnd(26)} ${sandbox.store.getContact(contactId)!.properties[`pe_cert_${certification}_expires_on`] ?? ''}`);
    } else {
      say(`(${silver.name}'s first contact already holds every certification; skipping.)`);
    }
    await pause();

    // Step 3: a decline escalates once.
    const gold = sandbox.seed.partners.find((p) => p.expectedTier === 'gold')!;
    say('\n━━ Step 3: a partner slips ━━');
    say(`${gold.name} is Gold. Its status now:\n`);
    say(indent(await statusReport(services, gold.id)));
    await pause();
    say(`\nIts technical training is reset to 3 modules and no activity has been logged since spring…`);
    calls = stepCalls();
    sandbox.ui.updateCompany(gold.id, { pe_technical_modules_completed: '3', pe_last_enablement_activity: DateTime.utc().minus({ days: 200 }).toISODate()! });
    await waitUntilSettled(sandbox, mode.product);
    say(`…re-evaluated (${stepCalls() - calls} HubSpot calls). Now:\n`);
    say(indent(await statusReport(services, gold.id)));
    const task = decliningTasks(sandbox, gold.id).at(-1);
    if (task) {
      const owner = sandbox.store.owners.find((o) => o.id === task.properties.hubspot_owner_id);
      say(`\nThe trend turned to declining, so the company owner (${owner ? `${owner.firstName} ${owner.lastName}` : 'unassigned'}) got one task:`);
      say(`    ${task.properties.hs_task_subject ?? ''}\n${indent(task.properties.hs_task_body ?? '')}`);
    }
    say('\nThe same change again — HubSpot delivering the webhook twice, or a partner edited back and forth — creates no second task:');
    calls = stepCalls();
    sandbox.ui.updateCompany(gold.id, { pe_partner_type: 'si' });
    await waitUntilSettled(sandbox, mode.product);
    say(`    declining-trend tasks for ${gold.name}: ${decliningTasks(sandbox, gold.id).length}; HubSpot calls for that edit: ${stepCalls() - calls} (reads only, no write: no output changed)`);
    await pause();

    // Step 4: the audit trail and the quiet after.
    say(`\n━━ Step 4: the audit trail of ${companyName(sandbox, gold.id)} ━━`);
    const entries = await services.audit.forCompany(services.portalId, gold.id, 20);
    say(indent(renderAuditTrail(entries, gold.id, services.portalId).trimEnd()));
    const ownWrites = sandbox.webhooks.events.filter((event) => event.changeSource === 'INTEGRATION').length;
    const ignored = (await services.metrics.webhookEventsIgnored.get()).values;
    const dropped = ignored.filter((value) => value.labels.reason === 'own_write').reduce((sum, value) => sum + value.value, 0);
    say(
      `\nWebhooks sent: ${sandbox.webhooks.delivered.length} requests, ${sandbox.webhooks.events.length} events. ${ownWrites} came from the app's own writes (the notes and tasks it created); the server dropped ${dropped} as its own.`,
    );
    say('Nothing is queued now: after a change the product writes once and goes quiet.');
    say('\nRun it for real with `npm start` (sandbox mode) or with HUBSPOT_ACCESS_TOKEN set for your portal.');
    return EXIT_CODES.OK;
  } finally {
    prompt?.close();
    await mode.close();
    rmSync(databaseDir, { recursive: true, force: true });
  }
}
