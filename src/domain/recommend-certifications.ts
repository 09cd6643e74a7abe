import type { Program } from '../program/program-schema.js';
import { isValidStatus } from './certification-status.js';
import type { HeldCertification } from './types.js';

/**
 * Up to `needed` distinct certification ids to earn next, in program order: first those no contact
 * of the partner holds validly (an expired one is as good as absent), then, if that is not enough,
 * those already held, since a second person holding a certification counts again. The program
 * lists certifications from entry level up, so program order recommends the most reachable first.
 */
export function recommendCertifications(
  held: readonly HeldCertification[],
  needed: number,
  program: Program,
): string[] {
  if (needed <= 0) return [];
  const validlyHeld = new Set(held.filter((c) => isValidStatus(c.status)).map((c) => c.certificationId));
  const catalogue = Object.keys(program.certifications);
  const unheld = catalogue.filter((id) => !validlyHeld.has(id));
  const alreadyHeld = catalogue.filter((id) => validlyHeld.has(id));
  return [...unheld, ...alreadyHeld].slice(0, needed);
}
