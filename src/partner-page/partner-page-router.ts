import crypto from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Logger } from '../logger.js';
import type { Training } from '../training/create-training.js';
import { decideAssignment } from '../training/decide-consent.js';
import type { ConsentPageView } from '../training/render-consent-page.js';
import { partnerPagePath, type PartnerLinks } from './create-partner-links.js';
import { loadPartnerPage, type LoadPartnerPageDependencies } from './load-partner-page.js';
import { hashPartnerLinkToken } from './partner-link-token.js';
import type { PartnerLink } from './partner-link-store.js';
import type { PartnerPageContent, PartnerPageView } from './partner-page-view.js';
import type { PublicRouteRateLimit } from './public-route-rate-limit.js';
import { renderPartnerPage } from './render-partner-page.js';

/** What the public partner page routes need. */
export interface PartnerPageRouterDependencies extends Omit<LoadPartnerPageDependencies, 'trainingAssignments'> {
  links: PartnerLinks;
  training: Pick<Training, 'deps' | 'store'>;
  rateLimit: PublicRouteRateLimit;
  audit: AuditTrail;
  logger: Logger;
  now?: () => number;
}

// The page holds a personal token in its URL and forms: keep it out of caches, referrers and
// frames, and let it load nothing but its own inline style.
const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const trainingForm = z.object({ form_token: z.string().max(200), assignment: z.string().min(1).max(100), decision: z.enum(['accept', 'decline']) });
const requestForm = z.object({ email: z.string().trim().min(3).max(254).email() });
const forms = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });

/**
 * The public partner page routes (docs/partner-page.md): `GET /p/:token` (the page), `POST
 * /p/:token/training` (accept or decline an offer; the form carries the link's anti-CSRF token),
 * `GET /p` and `POST /p` (ask for a new link by email; the answer is the same whoever asks).
 * Every route is rate-limited per IP and per link; a refused link gets a page that says why.
 */
export function createPartnerPageRouter(deps: PartnerPageRouterDependencies): Router {
  const router = Router();
  const now = () => (deps.now ?? Date.now)();
  const logger = deps.logger.child({ route: 'partner-page' });
  const send = (res: Response, view: PartnerPageView) => {
    const page = renderPartnerPage(view);
    if (view.kind === 'rate-limited') res.set('Retry-After', String(view.retryAfterSeconds));
    res.status(page.status).set(PAGE_HEADERS).send(page.html);
  };

  const route = (run: (req: Request, res: Response) => Promise<PartnerPageView | null>) => async (req: Request, res: Response) => {
    try {
      const token = typeof req.params.token === 'string' ? req.params.token : undefined;
      const rate = await deps.rateLimit.check({ ip: req.ip ?? 'unknown', ...(token ? { tokenHash: hashPartnerLinkToken(token) } : {}) });
      if (!rate.allowed) return send(res, { kind: 'rate-limited', retryAfterSeconds: rate.retryAfterSeconds });
      const view = await run(req, res);
      if (view) send(res, view);
    } catch (error) {
      // The message only: an error may quote the request's URL, which holds the token.
      logger.error({ err: { message: (error as Error).message } }, 'partner page failed');
      send(res, { kind: 'try-again' });
    }
  };

  async function requestLink(address: string): Promise<void> {
    const allowed = await deps.rateLimit.checkAddress(crypto.createHash('sha256').update(address, 'utf8').digest('hex'));
    // Over the address's budget the answer stays the same: nothing more is sent.
    if (!allowed.allowed) return logger.info('partner link request over the address budget; nothing sent');
    await deps.links.requestByEmail(address);
  }

  async function opened(token: string): Promise<{ link: PartnerLink } | { view: PartnerPageView }> {
    const result = await deps.links.open(token);
    if ('problem' in result) {
      logger.info({ problem: result.problem }, 'partner link refused');
      return { view: { kind: 'link-problem', problem: result.problem } };
    }
    return result;
  }

  async function content(link: PartnerLink, token: string): Promise<PartnerPageContent | null> {
    return loadPartnerPage(
      { repositoryFor: deps.repositoryFor, program: deps.program, trainingAssignments: deps.training.store },
      link,
      { path: partnerPagePath(token), formToken: deps.links.formToken(link) },
      now(),
    );
  }

  const auditEntry = (link: PartnerLink, action: string, after?: unknown) =>
    deps.audit.record({ portalId: link.portalId, companyId: link.companyId, contactId: link.contactId, actor: { type: 'contact', id: link.contactId }, action, after: { linkId: link.id, ...(after ?? {}) } });

  router.get('/p', route(async () => ({ kind: 'request-form' })));

  router.post(
    '/p',
    forms,
    route(async (req) => {
      const form = requestForm.safeParse(req.body ?? {});
      if (!form.success) return { kind: 'request-form', status: 400 };
      // Answered before the lookup is done, so neither the answer nor its timing says whether the
      // address is a partner contact's.
      const address = form.data.email.toLowerCase();
      requestLink(address).catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'partner link request failed'));
      return { kind: 'request-answered' };
    }),
  );

  router.get(
    '/p/:token',
    route(async (req) => {
      const token = String(req.params.token);
      const open = await opened(token);
      if ('view' in open) return open.view;
      const page = await content(open.link, token);
      if (!page) return { kind: 'not-your-partner' };
      await auditEntry(open.link, 'partner-page.viewed');
      return { kind: 'page', status: 200, content: page };
    }),
  );

  router.post(
    '/p/:token/training',
    forms,
    route(async (req) => {
      const token = String(req.params.token);
      const open = await opened(token);
      if ('view' in open) return open.view;
      const { link } = open;
      const form = trainingForm.safeParse(req.body ?? {});
      if (!form.success || !deps.links.isFormTokenValid(link, form.data.form_token)) {
        await auditEntry(link, 'partner-page.form-refused', { form: 'training', reason: form.success ? 'form-token' : 'malformed' });
        return { kind: 'form-refused' };
      }
      const assignment = await deps.training.store.get(form.data.assignment);
      const page = await content(link, token);
      if (!page) return { kind: 'not-your-partner' };
      // A contact decides only their own offers: another's id answers as if it did not exist.
      if (!assignment || assignment.portalId !== link.portalId || assignment.contactId !== link.contactId) {
        return { kind: 'page', status: 404, content: { ...page, notice: { tone: 'problem', text: 'That training offer was not found, so nothing was changed.' } } };
      }
      if (assignment.state === 'pending' && assignment.linkExpiresAt < now()) {
        return { kind: 'page', status: 410, content: { ...page, notice: { tone: 'problem', text: 'That training offer has expired, so nothing was changed. Ask your partner manager to offer it again.' } } };
      }
      const outcome = await decideAssignment(deps.training.deps, assignment, form.data.decision, now());
      const after = await content(link, token);
      if (!after) return { kind: 'not-your-partner' };
      return { kind: 'page', status: statusOf(outcome), content: { ...after, notice: noticeOf(outcome) } };
    }),
  );

  // Express fails before any route runs on a path it cannot decode (`/p/%%%`): that is a broken
  // link, not a server error.
  router.use('/p', (error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (!(error instanceof URIError)) return next(error);
    send(res, { kind: 'link-problem', problem: 'malformed' });
  });

  return router;
}

function statusOf(outcome: ConsentPageView): number {
  return outcome.kind === 'limit' || outcome.kind === 'already-decided' ? 409 : 200;
}

function noticeOf(outcome: ConsentPageView): PartnerPageContent['notice'] {
  switch (outcome.kind) {
    case 'accepted':
      return { tone: 'ok', text: `You accepted ${outcome.track.name}. It is now active.` };
    case 'declined':
      return { tone: 'ok', text: `You declined ${outcome.track.name}. Nothing else changes for you.` };
    case 'limit':
      return { tone: 'problem', text: `${outcome.track.name} was not started: you already have ${outcome.max} active tracks.` };
    case 'already-decided':
      return { tone: 'problem', text: `The ${outcome.track.name} offer was already answered, so nothing was changed.` };
    default:
      return { tone: 'problem', text: 'That offer can no longer be answered, so nothing was changed.' };
  }
}
