import { addDays } from '../../src/domain/calendar-date.js';
import { DEFAULT_PROGRAM } from '../../src/program/default-program.js';
import { TIER_IDS, type Program } from '../../src/program/program-schema.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { randomInt, randomSource, shuffle } from './random-source.js';
import { BENCH_TODAY } from './seed-partner-population.js';

/** One edit "made in HubSpot's UI": one company input changed to a new value (one webhook event). */
export interface ProgressEdit {
  companyId: string;
  property: string;
  value: string;
}

export interface ProgressEditOptions {
  /** Companies the edits are spread over: each gets at least one when `count` allows. */
  companyIds: readonly string[];
  /** Edits (and so webhook events) in all. */
  count: number;
  /** Default 2. */
  seed?: number;
  today?: string;
  program?: Program;
}

/**
 * Partners making progress, as a stream of UI edits: a module completed (sales, technical,
 * advanced), the last enablement activity moved to a recent day, foundation completed, now and then
 * a new target tier. Every edit changes the value (HubSpot fires no event for an unchanged one), so
 * `count` edits are exactly `count` webhook events. Each company gets one edit first, the rest go
 * to companies drawn at random; the order is shuffled. Values are computed from the store as the
 * edits are applied, so the sequence is the same for the same population and seed.
 */
export function* progressEdits(sandbox: Sandbox, options: ProgressEditOptions): Generator<ProgressEdit> {
  const program = options.program ?? DEFAULT_PROGRAM;
  const today = options.today ?? BENCH_TODAY;
  const random = randomSource(options.seed ?? 2);
  const { companyIds, count } = options;
  const targets = companyIds.slice(0, Math.min(count, companyIds.length));
  while (targets.length < count) targets.push(companyIds[Math.floor(random() * companyIds.length)]!);
  shuffle(random, targets);
  const records = sandbox.store.raw.recordsOf('companies');
  const modules = (track: 'sales' | 'technical' | 'advanced') => program.trainingTracks[track].modules ?? 0;
  for (const companyId of targets) {
    const current = (name: string) => records.get(companyId)?.properties.get(name) ?? '';
    const roll = random();
    const moduleStep = (property: string, max: number): ProgressEdit | undefined => {
      const done = Number(current(property) || '0');
      return done < max ? { companyId, property, value: String(done + 1) } : undefined;
    };
    let edit: ProgressEdit | undefined;
    if (roll < 0.3) edit = moduleStep('pe_sales_modules_completed', modules('sales'));
    else if (roll < 0.6) edit = moduleStep('pe_technical_modules_completed', modules('technical'));
    else if (roll < 0.75) edit = moduleStep('pe_advanced_modules_completed', modules('advanced'));
    else if (roll < 0.79 && current('pe_foundation_complete') !== 'true') edit = { companyId, property: 'pe_foundation_complete', value: 'true' };
    else if (roll < 0.83) {
      const tiers = TIER_IDS.filter((tier) => tier !== current('pe_target_tier'));
      edit = { companyId, property: 'pe_target_tier', value: tiers[Math.floor(random() * tiers.length)]! };
    }
    // Otherwise (and when a track is already complete): activity on a recent day it did not have.
    if (!edit) {
      let day = addDays(today, -randomInt(random, 0, 30));
      if (day === current('pe_last_enablement_activity')) day = addDays(day, -1);
      edit = { companyId, property: 'pe_last_enablement_activity', value: day };
    }
    yield edit;
  }
}

/** Applies an edit as a person in HubSpot's UI would: the sandbox fires its webhook. */
export function applyEdit(sandbox: Sandbox, edit: ProgressEdit): void {
  sandbox.ui.updateCompany(edit.companyId, { [edit.property]: edit.value });
}
