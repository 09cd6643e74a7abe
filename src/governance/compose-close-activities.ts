import { DateTime } from 'luxon';
import type { NewNote, NewTask } from '../hubspot/partner-repository.js';
import type { Program, TierOrNone } from '../program/program-schema.js';
import type { PartnerCloseDetails } from './plan-partner-close.js';
import type { TierSnapshot } from './quarter-close-store.js';

/*
 * What a quarter close leaves in HubSpot for people (docs/governance.md, "Quarter close"): a note
 * on the company when its official tier changes, a task for the owner when a change awaits
 * approval, and one when exit is recommended. Each carries the quarter and the reason, so the
 * timeline says why without opening the app.
 */

/** Days the owner has for a proposal or an exit recommendation. */
const TASK_DAYS = 7;

function tierName(tier: string | null, program: Program): string {
  return tier === null || tier === 'none' ? 'no tier' : program.tiers[tier as Exclude<TierOrNone, 'none'>].name;
}

function reasonLine(snapshot: TierSnapshot, details: PartnerCloseDetails, program: Program): string {
  const quarters = details.justifiedBy.length > 0 ? ` (${details.justifiedBy.join(', ')})` : '';
  return `Qualified for ${tierName(snapshot.qualified_tier, program)} in ${snapshot.quarter}; decision: ${snapshot.action}, ${snapshot.reason}${quarters}.`;
}

/** The note on the company when the close moved its official tier. */
export function composeCloseNote(snapshot: TierSnapshot, details: PartnerCloseDetails, program: Program, at: number): NewNote {
  const body = [
    `Partner tier changed at the close of ${snapshot.quarter}: ${tierName(snapshot.tier_before, program)} → ${tierName(snapshot.tier_after, program)}.`,
    reasonLine(snapshot, details, program),
    `Outlook: ${snapshot.outlook}${details.outlookTier ? ` (${tierName(details.outlookTier, program)} at the close of ${details.outlookQuarter})` : ''}.`,
  ].join('\n');
  return { body, at, companyId: snapshot.company_id };
}

function dueAt(at: number, timeZone: string): number {
  return DateTime.fromMillis(at, { zone: timeZone }).plus({ days: TASK_DAYS }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toMillis();
}

/** The owner's task when a change awaits approval (`approval: true`). */
export function composeProposalTask(snapshot: TierSnapshot, details: PartnerCloseDetails, program: Program, context: { at: number; ownerId: string | null; name: string | null; timeZone: string }): NewTask {
  const lapsed = details.lapsed ? `\nThe proposal of ${details.lapsed.quarter} (${tierName(details.lapsed.tier, program)}) was not decided and lapsed.` : '';
  return {
    subject: `Approve tier change for ${context.name ?? `company ${snapshot.company_id}`}: ${tierName(snapshot.tier_after, program)} → ${tierName(snapshot.proposed_tier, program)}`,
    body: `${reasonLine(snapshot, details, program)}\nApprove or reject it before the close of the next quarter, or it lapses.${lapsed}\nReference: quarter-close ${snapshot.quarter} proposal ${snapshot.company_id}`,
    dueAt: dueAt(context.at, context.timeZone),
    companyId: snapshot.company_id,
    ownerId: context.ownerId,
    priority: 'MEDIUM',
  };
}

/** The owner's task when the close recommends exit (a person confirms it with `pe_exit_confirmed_on`). */
export function composeExitTask(snapshot: TierSnapshot, details: PartnerCloseDetails, program: Program, context: { at: number; ownerId: string | null; name: string | null; timeZone: string }): NewTask {
  const why = details.exit?.reason === 'entry_tier_deadline'
    ? `still below ${program.tiers.silver.name} ${program.governance.entryTierDays} days after signing the agreement`
    : `no tier qualified for in ${details.exit?.justifiedBy.join(', ') ?? snapshot.quarter}`;
  return {
    subject: `Review partner exit for ${context.name ?? `company ${snapshot.company_id}`}`,
    body: `Exit recommended at the close of ${snapshot.quarter}: ${why}.\nTo end the partnership, set "Exit confirmed on"; otherwise nothing changes.\nReference: quarter-close ${snapshot.quarter} exit ${snapshot.company_id}`,
    dueAt: dueAt(context.at, context.timeZone),
    companyId: snapshot.company_id,
    ownerId: context.ownerId,
    priority: 'HIGH',
  };
}

/**
 * The company outputs a close writes (docs/properties.md, "Company properties of quarterly
 * governance"). Not `pe_next_tier_review`: the review job owns it, and the close asks it to plan a
 * partner whose tier changed again (docs/governance.md, "Review cadence").
 */
export function closeOutputsOf(snapshot: TierSnapshot): Record<string, string> {
  if (snapshot.program_status === 'exited') return { pe_program_status: 'exited', pe_tier_proposed: '' };
  return {
    pe_tier: snapshot.tier_after,
    pe_tier_outlook: snapshot.outlook,
    pe_tier_proposed: snapshot.proposed_tier ?? '',
    pe_quarters_above: String(snapshot.quarters_above),
    pe_quarters_below: String(snapshot.quarters_below),
    pe_program_status: snapshot.program_status,
  };
}
