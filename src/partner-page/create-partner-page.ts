import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Training } from '../training/create-training.js';
import { createPartnerLinks, type PartnerLinks, type PartnerLinksDependencies } from './create-partner-links.js';
import { createPartnerPageRouter, type PartnerPageIncentiveDependencies, type PartnerPageRegistrationDependencies } from './partner-page-router.js';
import { createPublicRouteRateLimit, type PublicRouteRateLimits } from './public-route-rate-limit.js';

/** What the partner page is built from (the app's services). */
export interface CreatePartnerPageOptions extends PartnerLinksDependencies {
  /** Training offers: the page shows the contact's and decides them. */
  training: Pick<Training, 'deps' | 'store'>;
  /** Redis for the public routes' rate limits (shared by every web process). */
  redis: Redis;
  /** Redis key prefix. */
  prefix: string;
  /** Budgets of the public routes; defaults in public-route-rate-limit.ts. */
  rateLimits?: Partial<PublicRouteRateLimits>;
  /** Deal registrations from the page, read when the router is built. */
  registrations?: () => PartnerPageRegistrationDependencies;
  /** Incentive requests from the page. */
  incentives?: PartnerPageIncentiveDependencies;
}

/** Partner links and the public partner page. */
export interface PartnerPage {
  readonly links: PartnerLinks;
  /** The public routes `/p` and `/p/:token…`, for `createApp({ extraRouters })`. */
  router(): Router;
}

export function createPartnerPage(options: CreatePartnerPageOptions): PartnerPage {
  const links = createPartnerLinks(options);
  const rateLimit = createPublicRouteRateLimit(options.redis, { prefix: options.prefix, ...(options.rateLimits ? { limits: options.rateLimits } : {}) });
  return {
    links,
    router: () =>
      createPartnerPageRouter({
        links,
        training: options.training,
        rateLimit,
        repositoryFor: options.repositoryFor,
        program: options.program,
        audit: options.audit,
        logger: options.logger,
        ...(options.registrations ? { registrations: options.registrations() } : {}),
        ...(options.incentives ? { incentives: options.incentives } : {}),
        ...(options.now ? { now: options.now } : {}),
      }),
  };
}
