import { Router } from 'express';
import type { SandboxContext } from '../sandbox-context.js';

/** What the sandbox portal says of itself at `GET /account-info/v3/details`. */
export interface SandboxAccount {
  /** IANA time zone of the portal. Default `America/New_York`. */
  timeZone: string;
  /** ISO code of the company currency. Default `USD`. */
  companyCurrency: string;
  additionalCurrencies: string[];
}

export const SANDBOX_ACCOUNT: SandboxAccount = { timeZone: 'America/New_York', companyCurrency: 'USD', additionalCurrencies: [] };

/** The offset of `timeZone` now, as HubSpot writes it (`-05:00`). */
function utcOffset(timeZone: string, at: number): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d{2}:\d{2})/.exec(part);
  return match ? match[1]! : '+00:00';
}

/** `/account-info/v3/details` (and its dated twin): the account the token belongs to. */
export function accountRoutes(context: SandboxContext, account: SandboxAccount): Router {
  const router = Router();
  router.get(['/account-info/v3/details', '/account-info/2026-03/details'], (_req, res) => {
    res.status(200).json({
      portalId: context.portalId,
      accountType: 'STANDARD',
      timeZone: account.timeZone,
      companyCurrency: account.companyCurrency,
      additionalCurrencies: account.additionalCurrencies,
      utcOffset: utcOffset(account.timeZone, context.now()),
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    });
  });
  return router;
}
