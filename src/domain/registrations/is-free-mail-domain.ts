import { FREE_MAIL_DOMAINS } from './free-mail-domains.js';

/** True when a registrable domain belongs to a public email service (the built-in list or `extra`). */
export function isFreeMailDomain(domain: string, extra: readonly string[] = []): boolean {
  return FREE_MAIL_DOMAINS.has(domain) || extra.includes(domain);
}
