/**
 * Whether a registration breached its decision deadline as of `asOf` (docs/registrations.md
 * "Decision deadline"): decided after it, or still undecided once it passed. A decision at the
 * deadline is on time. Instants are epoch milliseconds.
 */
export function isRegistrationDecisionLate(registration: { dueAt: number; decidedAt: number | null }, asOf: number): boolean {
  return registration.decidedAt === null ? asOf >= registration.dueAt : registration.decidedAt > registration.dueAt;
}
