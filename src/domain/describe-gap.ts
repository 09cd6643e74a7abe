import type { Program } from '../program/program-schema.js';
import { describeShortfall } from './governance/describe-shortfall.js';
import type { ContactSnapshot, Gap } from './types.js';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** How a person is named in text: their name, else their email, else `contact <id>`. */
export function contactDisplayName(contactId: string, contacts: readonly ContactSnapshot[] = []): string {
  const contact = contacts.find((c) => c.contactId === contactId);
  const name = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
  return name || contact?.email || `contact ${contactId}`;
}

/** The certification's name in the program, or its id if the program no longer has it. */
export function certificationName(certificationId: string, program: Program): string {
  return program.certifications[certificationId]?.name ?? certificationId;
}

/**
 * When a certification runs out, in words: `expires in 12 days`, `expires today`, or, in the grace
 * period, `expired 5 days ago; grace period ends in 25 days`.
 */
export function describeExpiry(expiresInDays: number, program: Program): string {
  if (expiresInDays > 0) return `expires in ${plural(expiresInDays, 'day', 'days')}`;
  if (expiresInDays === 0) return 'expires today';
  const graceLeft = program.gracePeriodDays + expiresInDays;
  const ends = graceLeft > 0 ? `grace period ends in ${plural(graceLeft, 'day', 'days')}` : 'grace period ends today';
  return `expired ${plural(-expiresInDays, 'day', 'days')} ago; ${ends}`;
}

/**
 * One gap as an instruction a partner manager can act on, e.g. `Finish the Sales track (5 modules
 * left)`, `Earn 1 more valid certification (recommended: Technical Associate)`, `Renew Sales
 * Fundamentals for Ada Lovelace (expires in 12 days)`, `$38,000 more closed-won revenue in the last
 * 12 months`. Names come from the program and contacts.
 */
export function describeGap(gap: Gap, program: Program, contacts: readonly ContactSnapshot[] = []): string {
  switch (gap.type) {
    case 'training': {
      const track = program.trainingTracks[gap.track].name;
      if (gap.remainingModules === undefined) return `Complete the ${track} track`;
      return `Finish the ${track} track (${plural(gap.remainingModules, 'module', 'modules')} left)`;
    }
    case 'certification': {
      const names = gap.recommended.map((id) => certificationName(id, program));
      const recommended = names.length > 0 ? ` (recommended: ${names.join(', ')})` : '';
      return `Earn ${plural(gap.needed, 'more valid certification', 'more valid certifications')}${recommended}`;
    }
    case 'renewal': {
      const who = contactDisplayName(gap.contactId, contacts);
      return `Renew ${certificationName(gap.certification, program)} for ${who} (${describeExpiry(gap.expiresInDays, program)})`;
    }
    case 'requirement':
      return describeShortfall(gap.shortfall, program, gap.currency);
  }
}
