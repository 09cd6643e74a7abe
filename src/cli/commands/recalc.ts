import { parseArgs } from 'node:util';
import { buildServices } from '../../app/build-services.js';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { countPartners } from '../../hubspot/count-partners.js';
import type { RecalculationReport } from '../../recalculation/recalculate-partners.js';
import { sweepPartnerIds } from '../../recalculation/sweep-partner-ids.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: partner-enablement recalc (--all | COMPANY_ID...)

Re-evaluates partners now and writes the outputs that changed, through the same recalculation the
worker runs (one batch read and one batch write per 100 partners, paced by the shared rate limiter):
audit entries, tier-change notes and declining-trend tasks included.

  --all        every partner of the portal, found with HubSpot's search API (5 searches per second),
               with a progress bar on standard error
  COMPANY_ID   one or more company ids
  -h, --help   show this help

Prints a summary, and every company HubSpot refused with the reason. Without HUBSPOT_ACCESS_TOKEN it
works on the sandbox mode \`npm start\` is running.

Exit codes: 0 done, 1 some companies failed (listed) or HubSpot/Redis unavailable, 2 wrong usage,
4 invalid environment or program file.
`;

interface Totals {
  evaluated: number;
  written: number;
  unchanged: number;
  notPartners: number;
  missing: number;
  notes: number;
  tasks: number;
  failed: RecalculationReport['failed'];
}

function add(totals: Totals, report: RecalculationReport): void {
  totals.evaluated += report.evaluated;
  totals.written += report.written.length;
  totals.unchanged += report.unchanged.length;
  totals.notPartners += report.notPartners.length;
  totals.missing += report.missing.length;
  totals.notes += report.notes;
  totals.tasks += report.tasks;
  totals.failed.push(...report.failed);
}

function parseOptions(args: string[]): { all: boolean; ids: string[]; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: true, options: { all: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { all, help } = parsed.values;
  const ids = parsed.positionals;
  if (help) return { all: false, ids: [], help: true };
  if (all && ids.length > 0) throw new UsageError('give either --all or company ids, not both');
  if (!all && ids.length === 0) throw new UsageError('name the companies to recalculate, or --all');
  const bad = ids.find((id) => !/^\d+$/.test(id));
  if (bad !== undefined) throw new UsageError(`"${bad}" is not a HubSpot company id (digits)`);
  return { all: all ?? false, ids, help: false };
}

/**
 * A progress bar on standard error: redrawn in place on a terminal (at most 10 times a second), a
 * plain line per tenth of the work otherwise (CI logs, pipes).
 */
function progressBar(io: CliIo, total: number) {
  const stream = io.stderr as CliIo['stderr'] & { isTTY?: boolean; columns?: number };
  const tty = stream.isTTY === true;
  const started = io.now();
  let lastDraw = 0;
  let lastTenth = -1;
  const render = (done: number, totals: Totals) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 28;
    const filled = Math.round(fraction * width);
    const elapsed = io.now() - started;
    const left = done > 0 && done < total ? ` ~${Math.ceil(((elapsed / done) * (total - done)) / 1000)} s left` : '';
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    return `[${bar}] ${done}/${total} partners ${Math.round(fraction * 100)}%  ${totals.written} written  ${totals.failed.length} failed${left}`;
  };
  return {
    update(done: number, totals: Totals) {
      const now = io.now();
      if (tty) {
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        stream.write(`\r${render(done, totals)}\u001b[K`);
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${render(done, totals)}\n`);
    },
    end() {
      if (tty) stream.write('\n');
    },
  };
}

function summary(totals: Totals, seconds: number): string {
  const lines = [
    `Recalculated ${totals.evaluated} partner${totals.evaluated === 1 ? '' : 's'} in ${seconds.toFixed(1)} s: ${totals.written} written, ${totals.unchanged} already up to date, ${totals.failed.length} failed.`,
  ];
  if (totals.notes + totals.tasks > 0) lines.push(`Left ${totals.notes} tier-change note(s) and ${totals.tasks} declining-trend task(s) in HubSpot.`);
  if (totals.notPartners > 0) {
    const companies = totals.notPartners === 1 ? '1 company is not a partner' : `${totals.notPartners} companies are not partners`;
    lines.push(`${companies} (pe_is_partner is not true): left as they are.`);
  }
  if (totals.missing > 0) lines.push(`${totals.missing} compan${totals.missing === 1 ? 'y does' : 'ies do'} not exist in HubSpot.`);
  for (const failure of totals.failed) lines.push(`  failed: company ${failure.companyId}: ${failure.reason}`);
  return `${lines.join('\n')}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    io.stdout.write(USAGE);
    return EXIT_CODES.OK;
  }
  const config = attachToSandbox(loadConfig(io.env));
  // Logs would tear the progress bar: only warnings and errors, on standard error.
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, role: 'cli', destination: io.stderr });
  const services = await buildServices(config, { logger, role: 'cli' });
  const totals: Totals = { evaluated: 0, written: 0, unchanged: 0, notPartners: 0, missing: 0, notes: 0, tasks: 0, failed: [] };
  const started = io.now();
  try {
    if (options.all) {
      const total = await countPartners(services.hubspot, services.portalId);
      const bar = progressBar(io, total);
      let done = 0;
      bar.update(0, totals);
      await sweepPartnerIds(services.repository, async (ids) => {
        add(totals, await services.recalculator.recalculatePartners(services.portalId, ids));
        done += ids.length;
        bar.update(done, totals);
      });
      bar.end();
    } else {
      add(totals, await services.recalculator.recalculatePartners(services.portalId, options.ids));
    }
  } finally {
    await services.close();
  }
  io.stdout.write(summary(totals, (io.now() - started) / 1000));
  return totals.failed.length > 0 ? EXIT_CODES.FAILURE : EXIT_CODES.OK;
}
