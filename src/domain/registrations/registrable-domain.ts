import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';

const OPTIONS = { allowPrivateDomains: true, detectIp: true } as const;

/**
 * The registrable domain (public suffix plus one label) of a website, URL, host name or email
 * address: `https://shop.acme.co.uk/x` and `bob@sales.acme.co.uk` are both `acme.co.uk`.
 * Private suffixes count as suffixes, so two customers on `github.io` stay apart.
 * Internationalised names come back in their ASCII (punycode) form. Null for an IP
 * address, a bare public suffix (`co.uk`) or anything that is not a host name.
 */
export function registrableDomain(input: string): string | null {
  let text = input.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at >= 0 && !text.includes('/')) text = text.slice(at + 1);
  text = text.replace(/\.+$/, '');
  if (text === '' || /\s/.test(text)) return null;
  const domain = getDomain(text, OPTIONS);
  if (domain === null || domain === '') return null;
  // One spelling for internationalised names: `münchen.de` and `xn--mnchen-3ya.de` are one domain.
  return domainToASCII(domain) || null;
}
