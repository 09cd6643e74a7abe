/**
 * `npm run bench`: every benchmark in turn, each printing its own table, then one summary with
 * the goals of issue 4 and PASS/MISS. Every ratio is measured in the same run as its baseline.
 *
 * Run: npm run bench [-- --only engine,api,throughput,webhook,reminders,registrations]
 * Full sizes take about eight minutes on two cores (the throughput and registrations benches wait
 * out HubSpot's limit: ≥ 10 s × calls / 110).
 */
import { runApiEfficiencyBench, API_EFFICIENCY_GOAL } from './api-efficiency-bench.js';
import { runEngineBench } from './engine-bench.js';
import { runThroughputBench, THROUGHPUT_GOAL } from './throughput-bench.js';
import { HUBSPOT_ANSWER_DEADLINE_MS, runWebhookAckBench, WEBHOOK_ACK_GOAL } from './webhook-ack-bench.js';
import { CHECK_P99_GOAL_MS, printRegistrationSubmission, runRegistrationSubmissionBench } from './registration-submission-bench.js';
import { formatTable, ratio, verdict } from './support/format-table.js';

const BENCHES = ['engine', 'api', 'throughput', 'webhook', 'reminders', 'registrations'] as const;
type BenchName = (typeof BENCHES)[number];

/** One line of the summary. */
interface SummaryRow {
  bench: string;
  measure: string;
  value: string;
  goal: string;
  verdict: string;
}

function selected(): Set<BenchName> {
  const index = process.argv.indexOf('--only');
  if (index === -1) return new Set(BENCHES);
  const names = (process.argv[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !(BENCHES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown bench ${unknown.join(', ')} (known: ${BENCHES.join(', ')})`);
  return new Set(names as BenchName[]);
}

/** The reminders bench is another module's; it is run when it exists and exports `runRemindersBench`. */
async function remindersBench(): Promise<((options: { certifications?: number }) => Promise<RemindersLike>) | undefined> {
  try {
    const module = (await import('./reminders-bench.js')) as { runRemindersBench?: (options: { certifications?: number }) => Promise<RemindersLike> };
    return module.runRemindersBench;
  } catch {
    return undefined;
  }
}

interface RemindersLike {
  simple: { redisBytesPerCertification: number; scheduleMs: number };
  sweep: { redisBytesPerCertification: number; scheduleMs: number };
}

async function main(): Promise<void> {
  const only = selected();
  const rows: SummaryRow[] = [];
  const started = performance.now();

  if (only.has('engine')) {
    const engine = runEngineBench({ print: true });
    rows.push({ bench: 'engine', measure: 'partners/s vs un-memoised dates', value: `${Math.round(engine.partnersPerSecond).toLocaleString('en-US')}/s, ${ratio(engine.speedup)}`, goal: '—', verdict: '' });
  }

  if (only.has('api')) {
    const api = await runApiEfficiencyBench({ print: true });
    rows.push(
      { bench: 'API efficiency', measure: 'reads+writes ÷ full lower bound', value: ratio(api.readWriteRatio), goal: `≤ ${ratio(API_EFFICIENCY_GOAL)}`, verdict: verdict(api.readWriteRatio, API_EFFICIENCY_GOAL) },
      { bench: '', measure: 'all calls (notes/tasks too) ÷ full bound', value: ratio(api.ratioToFull), goal: `≤ ${ratio(API_EFFICIENCY_GOAL)}`, verdict: verdict(api.ratioToFull, API_EFFICIENCY_GOAL) },
      { bench: '', measure: 'all calls ÷ strict bound 2⌈N/100⌉', value: ratio(api.ratioToStrict), goal: '—', verdict: '' },
      { bench: '', measure: 'naive per-event handler ÷ product', value: ratio(api.naiveToProduct), goal: '—', verdict: '' },
    );
  }

  if (only.has('throughput')) {
    const throughput = await runThroughputBench({ print: true });
    rows.push(
      { bench: 'throughput', measure: `settle ${throughput.partners.toLocaleString('en-US')} ÷ 10 s × calls / 110`, value: ratio(throughput.ratioToPhysicalLimit), goal: `≤ ${ratio(THROUGHPUT_GOAL)}`, verdict: verdict(throughput.ratioToPhysicalLimit, THROUGHPUT_GOAL) },
      { bench: '', measure: 'settle ÷ rolling-window minimum for the calls', value: ratio(throughput.ratioToRollingWindow), goal: '—', verdict: '' },
      { bench: '', measure: 'settle ÷ time of the full bound', value: ratio(throughput.ratioToBoundTime), goal: '—', verdict: '' },
      {
        bench: '',
        measure: `429 answers (event loop delay max ${throughput.eventLoopDelay.max.toFixed(0)} ms)`,
        value: `${throughput.breakdown.rateLimited} (${((100 * throughput.breakdown.rateLimited) / throughput.calls).toFixed(1)}%)`,
        goal: '0 (limiter)',
        verdict: throughput.breakdown.rateLimited === 0 ? 'PASS' : 'MISS',
      },
    );
  }

  if (only.has('webhook')) {
    const ack = await runWebhookAckBench({ print: true });
    rows.push(
      { bench: 'webhook ack', measure: 'p50 ÷ bare signature route', value: `${ratio(ack.p50Ratio)} (${ack.product.p50.toFixed(1)} ms)`, goal: `≤ ${ratio(WEBHOOK_ACK_GOAL)}`, verdict: verdict(ack.p50Ratio, WEBHOOK_ACK_GOAL) },
      { bench: '', measure: 'p99 ÷ bare signature route', value: `${ratio(ack.p99Ratio)} (${ack.product.p99.toFixed(1)} ms)`, goal: `≤ ${ratio(WEBHOOK_ACK_GOAL)}`, verdict: verdict(ack.p99Ratio, WEBHOOK_ACK_GOAL) },
      { bench: '', measure: "p99 vs HubSpot's 5 s", value: `${(ack.p99ShareOfDeadline * 100).toFixed(1)}%`, goal: '< 100%', verdict: ack.product.p99 < HUBSPOT_ANSWER_DEADLINE_MS ? 'PASS' : 'MISS' },
    );
  }

  if (only.has('reminders')) {
    const run = await remindersBench();
    if (!run) {
      rows.push({ bench: 'reminders', measure: 'bench/reminders-bench.ts has no runRemindersBench', value: '—', goal: '—', verdict: 'not run' });
    } else {
      console.log('\nRenewal reminders (bench/reminders-bench.ts)');
      const reminders = await run({});
      const perCertification = (bytes: number) => `${bytes.toFixed(0)} B/cert`;
      console.log(`  delayed job per reminder: ${perCertification(reminders.simple.redisBytesPerCertification)}, ${(reminders.simple.scheduleMs / 1000).toFixed(2)} s`);
      console.log(`  sweep:                    ${perCertification(reminders.sweep.redisBytesPerCertification)}, ${(reminders.sweep.scheduleMs / 1000).toFixed(2)} s`);
      rows.push({
        bench: 'reminders',
        measure: 'Redis per certification, delayed jobs ÷ sweep',
        value: `${perCertification(reminders.sweep.redisBytesPerCertification)}, ${ratio(reminders.simple.redisBytesPerCertification / reminders.sweep.redisBytesPerCertification)}`,
        goal: '—',
        verdict: '',
      });
    }
  }

  if (only.has('registrations')) {
    console.log('\nDeal registrations (bench/registration-submission-bench.ts)');
    const registrations = await runRegistrationSubmissionBench({});
    printRegistrationSubmission(registrations);
    const { product, ratios } = registrations;
    rows.push(
      { bench: 'registrations', measure: 'conflict check p99 at submission', value: `${product.checkP99.toFixed(1)} ms`, goal: `< ${CHECK_P99_GOAL_MS} ms`, verdict: product.checkP99 < CHECK_P99_GOAL_MS ? 'PASS' : 'MISS' },
      { bench: '', measure: 'HubSpot calls ÷ lower bound (deal create, + company create if new)', value: ratio(product.ratioToBound), goal: '—', verdict: '' },
      { bench: '', measure: 'search per submission ÷ product, calls per registration', value: ratio(ratios.callsPerRegistration), goal: '—', verdict: '' },
      { bench: '', measure: 'product ÷ search per submission, registrations/s', value: `${product.registrationsPerSecond.toFixed(2)}/s, ${ratio(ratios.registrationsPerSecond)}`, goal: '—', verdict: '' },
    );
  }

  console.log(`\nSummary (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log(formatTable([['bench', 'measure', 'value', 'goal', ''], ...rows.map((r) => [r.bench, r.measure, r.value, r.goal, r.verdict])], ['left', 'left', 'right', 'left', 'left']));
}

await main();
