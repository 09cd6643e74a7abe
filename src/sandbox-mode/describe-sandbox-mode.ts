import { TIER_IDS, type TierOrNone } from '../program/program-schema.js';
import { outboxDirectory } from '../mail/outbox-directory.js';
import type { SandboxMode } from './start-sandbox-mode.js';

/** The line `npm start` prints once everything is up; tests and scripts wait for it. */
export const READY_LINE_PREFIX = 'Partner enablement is ready';

/** Pick a partner worth looking at: the first gold one (it has gaps toward platinum and certifications). */
function examplePartner(mode: SandboxMode): { id: string; name: string } {
  const partners = mode.sandbox.seed.partners;
  const chosen = partners.find((p) => p.expectedTier === 'gold') ?? partners[0];
  return { id: chosen?.id ?? '0', name: chosen?.name ?? 'a partner' };
}

function tierSummary(tiers: Partial<Record<TierOrNone, number>>): string {
  return (['none', ...TIER_IDS] as TierOrNone[])
    .filter((tier) => tiers[tier])
    .map((tier) => `${tiers[tier]} ${tier}`)
    .join(', ');
}

/**
 * What `npm start` prints in sandbox mode: where to look and what to try, with commands that work
 * as printed (they find the sandbox through the state file).
 */
export function describeSandboxMode(mode: SandboxMode): string {
  const { sandbox, serverUrl, config, initialEvaluation: first } = mode;
  const partner = examplePartner(mode);
  const contactId = sandbox.seed.partners.find((candidate) => candidate.id === partner.id)?.contactIds[0] ?? '<contactId>';
  const admin = config.adminToken ?? '';
  const redis = mode.privateRedis ? `${mode.redisUrl}  (a private redis-server, gone when this stops)` : mode.redisUrl;
  const companyUrl = `${sandbox.url}/crm/v3/objects/companies/${partner.id}?properties=name,pe_tier,pe_readiness_score,pe_gaps_summary`;
  return [
    '',
    `${READY_LINE_PREFIX} at ${serverUrl} — sandbox mode (no HUBSPOT_ACCESS_TOKEN).`,
    '',
    ...(mode.workspaceUrl
      ? [
          `Open the workspace: ${mode.workspaceUrl}`,
          '  the partners, their records with the app\'s cards, workflows, the outbox and the HubSpot calls —',
          '  edit an input on a partner and watch the app recalculate it.',
          '',
        ]
      : []),
    'A local HubSpot emulation stands in for your portal: it holds demo partners, answers the API the',
    'app calls and sends signed webhooks when a record changes, like HubSpot does.',
    '',
    'Where to look',
    `  Server           ${serverUrl}   (HubSpot webhooks at /hubspot/webhooks, signed with the sandbox's secret)`,
    `  Workflow actions ${serverUrl}/hubspot/actions/<action>   Card data ${serverUrl}/hubspot/cards/partner-enablement`,
    `  Health           ${serverUrl}/healthz   ${serverUrl}/readyz   ${serverUrl}/metrics`,
    `  Queue dashboard  ${serverUrl}/admin/queues   (browser login: any user name, password "${admin}")`,
    `  Sandbox HubSpot  ${sandbox.url}   (portal ${sandbox.portalId}, app ${sandbox.appId}, bearer token ${sandbox.accessToken})`,
    `  A user's token   ${sandbox.userToken}   (its writes are a person's edits in HubSpot: the app recalculates)`,
    `  Redis            ${redis}`,
    ...(config.smtpUrl ? [] : [`  Emails           ${outboxDirectory(config)}   (saved, not sent: open a partner page link from there)`]),
    '',
    `Demo portal: ${sandbox.seed.partners.length} partners, ${sandbox.seed.nonPartnerIds.length} other companies, ${sandbox.seed.contactCount} contacts.`,
    `All ${first.partners} partners evaluated (${tierSummary(first.tiers)}) in ${(first.ms / 1000).toFixed(1)} s with ${first.hubspotCalls} HubSpot calls.`,
    '',
    'What to try (in another terminal)',
    '  npm run demo                                        change partners "in HubSpot" and watch them re-evaluated',
    `  npx partner-enablement audit ${partner.id}              the audit trail of ${partner.name}`,
    '  npx partner-enablement recalc --all                 re-evaluate every partner, with a progress bar',
    ...(mode.tierHistory.quarters.length > 0
      ? [
          `  npx partner-enablement governance close --dry-run   what closing ${mode.tierHistory.nextClose} would do after ${mode.tierHistory.quarters[0]}–${mode.tierHistory.quarters.at(-1)}`,
          '  npx partner-enablement governance close             close it: partners advance and are demoted, with notes in HubSpot',
        ]
      : []),
    `  npx partner-enablement partner-link ${contactId}       a partner page link for a contact of ${partner.name} (open it in a browser)`,
    `  curl -s -H 'Authorization: Bearer ${sandbox.accessToken}' '${companyUrl}'`,
    `  curl -s -X PATCH -H 'Authorization: Bearer ${sandbox.userToken}' -H 'Content-Type: application/json' \\`,
    `    -d '{"properties":{"pe_technical_modules_completed":"10"}}' ${sandbox.url}/crm/v3/objects/companies/${partner.id}`,
    '                                                      edit a partner as a user; the app recalculates it within seconds',
    `  curl -s -u :${admin} ${serverUrl}/admin/recalculations/failed`,
    '',
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}
