/** What a partner's submission becomes: a protected registration, a plain lead, or nothing. */
export type SubmissionRoute = 'registration' | 'lead' | 'refused';

/**
 * The tier gate (docs/registrations.md, "Who may register"): a partner whose permissions include
 * `register_deals` registers deals; one with only `submit_leads` submits a lead, which claims
 * nothing; any other partner is refused.
 */
export function chooseSubmissionRoute(permissions: readonly string[]): SubmissionRoute {
  if (permissions.includes('register_deals')) return 'registration';
  if (permissions.includes('submit_leads')) return 'lead';
  return 'refused';
}
