import { accrueQuarterEnd } from '../incentives/accrue-quarter-end.js';
import type { Logger } from '../logger.js';
import type { Services } from './build-services.js';

/**
 * What follows every real quarter close, whoever ran it (the scheduler at the close instant or
 * `partner-enablement governance close` by hand): the quarter's volume rebates accrue, the
 * incentive outputs are written and each partner's statement is emailed once
 * (docs/incentives.md, "Quarterly rebate"). Idempotent on the quarter, so running it after a close that an
 * earlier run already followed adds nothing.
 */
export async function accrueClosedQuarter(services: Services, portalId: string, quarter: string, logger: Logger): Promise<void> {
  const { run, written } = await accrueQuarterEnd({
    db: services.db,
    client: services.hubspot,
    program: services.program,
    timeZone: services.portalTimeZone,
    currency: async () => services.dealFacts.currency,
    logger,
    statementEmails: { mail: services.mail, repository: services.repositoryFor(portalId) },
  }, portalId, quarter);
  logger.info({ portalId, quarter, partners: run.rebates.size, added: run.added.length, written: written.written.length }, 'quarter rebates accrued');
}
