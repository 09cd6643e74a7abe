import crypto from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { IncentiveDeadlineQueue } from '../incentives/incentive-deadline-queue.js';
import type { IncentiveRequestStore } from '../incentives/incentive-request-store.js';
import type { IncentiveStatementService } from '../incentives/incentive-statement-service.js';
import { incentiveDueDate } from '../domain/incentives/incentive-due-date.js';
import { submitIncentiveRequest, type IncentiveForm, type SubmissionOutcome } from '../incentives/submit-incentive-request.js';
import type { Logger } from '../logger.js';
import type { RegistrationCustomerStore } from '../registrations/registration-customer-store.js';
import type { RegistrationSubmissionService, SubmissionResult } from '../registrations/registration-submission-service.js';
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
export interface PartnerPageRouterDependencies extends Omit<LoadPartnerPageDependencies, 'trainingAssignments' | 'registrations' | 'incentives'> {
  links: PartnerLinks;
  training: Pick<Training, 'deps' | 'store'>;
  rateLimit: PublicRouteRateLimit;
  audit: AuditTrail;
  logger: Logger;
  /** Deal registrations from the page; without them the Registrations section has no form. */
  registrations?: PartnerPageRegistrationDependencies;
  /** Incentive requests from the page; without them the page has no Incentives section. */
  incentives?: PartnerPageIncentiveDependencies;
  now?: () => number;
}

/** What the page's Incentives section needs. */
export interface PartnerPageIncentiveDependencies {
  store: IncentiveRequestStore;
  /** The portal's company currency. */
  currency: string;
  /** Where a claim's verification deadline is scheduled; without it none is. */
  deadlines?: Pick<IncentiveDeadlineQueue, 'schedule'>;
  /** The partner's statements; without them the page shows none. */
  statements?: Pick<IncentiveStatementService, 'statements'>;
}

/** What the page's Registrations section needs: the submission service and the stored registrations. */
export interface PartnerPageRegistrationDependencies {
  submissions: Pick<RegistrationSubmissionService, 'submitRegistration'>;
  store: Pick<RegistrationCustomerStore, 'readForPartner'>;
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
const registrationForms = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
const field = (max: number) => z.string().max(max).optional();
const registrationForm = z.object({
  form_token: z.string().max(200),
  customerCompanyName: field(200),
  customerDomain: field(253),
  customerContactName: field(200),
  customerContactEmail: field(254),
  dealName: field(200),
  amount: field(20),
  expectedCloseDate: field(10),
  description: field(2000),
});
const incentiveForms = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
const incentiveForm = z.object({
  form_token: z.string().max(200),
  form: z.enum(['spiff_claim', 'bonus', 'mdf_request', 'mdf_claim']),
  accrualKey: field(300),
  kind: field(40),
  incrementalRevenue: field(20),
  contractYears: field(2),
  description: field(2000),
  activity: field(40),
  plannedCost: field(20),
  activityStart: field(10),
  activityEnd: field(10),
  mdfRequestId: field(100),
  actualCost: field(20),
  results: field(2000),
  proofUrl: field(2000),
});
const FIELD_NAMES: Record<string, string> = {
  customerCompanyName: 'Customer company',
  customerDomain: 'Customer website or domain',
  customerContactName: 'Customer contact name',
  customerContactEmail: 'Customer contact email',
  dealName: 'Deal name',
  amount: 'Expected amount',
  expectedCloseDate: 'Expected close date',
  description: 'Description',
};

/** A typed amount ("12500", "12,500.50") in minor units; undefined when empty, null when not a sum. */
function minorUnits(typed: string | undefined): number | undefined | null {
  const value = (typed ?? '').trim().replace(/[,\s]/g, '');
  if (value === '') return undefined;
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

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

  async function content(
    link: PartnerLink,
    token: string,
    form: { values?: Record<string, string>; problems?: string[]; incentiveForm?: { form: string; values: Record<string, string>; problems: string[] } } = {},
  ): Promise<PartnerPageContent | null> {
    return loadPartnerPage(
      {
        repositoryFor: deps.repositoryFor,
        program: deps.program,
        trainingAssignments: deps.training.store,
        ...(deps.registrations ? { registrations: deps.registrations.store } : {}),
        ...(deps.incentives ? { incentives: deps.incentives } : {}),
      },
      link,
      { path: partnerPagePath(token), formToken: deps.links.formToken(link), ...form },
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

  router.post(
    '/p/:token/registrations',
    registrationForms,
    route(async (req) => {
      const token = String(req.params.token);
      const open = await opened(token);
      if ('view' in open) return open.view;
      const { link } = open;
      const form = registrationForm.safeParse(req.body ?? {});
      if (!deps.registrations || !form.success || !deps.links.isFormTokenValid(link, form.data.form_token)) {
        await auditEntry(link, 'partner-page.form-refused', { form: 'registration', reason: form.success ? 'form-token' : 'malformed' });
        return { kind: 'form-refused' };
      }
      const { form_token: _formToken, amount: typedAmount, ...typed } = form.data;
      const values = Object.fromEntries(Object.entries({ ...typed, amount: typedAmount }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      const amount = minorUnits(typedAmount);
      if (amount === null) {
        const page = await content(link, token, { values, problems: [`${FIELD_NAMES.amount}: enter a number such as 12500 or 12500.50.`] });
        if (!page) return { kind: 'not-your-partner' };
        await auditEntry(link, 'partner-page.registration-refused', { problems: ['amount'] });
        return { kind: 'page', status: 400, content: page };
      }
      const blankToNull = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value);
      const result = await deps.registrations.submissions.submitRegistration(link.companyId, link.contactId, {
        customerCompanyName: blankToNull(typed.customerCompanyName),
        customerDomain: blankToNull(typed.customerDomain),
        customerContactName: blankToNull(typed.customerContactName),
        customerContactEmail: blankToNull(typed.customerContactEmail),
        dealName: blankToNull(typed.dealName),
        amount: amount ?? null,
        expectedCloseDate: blankToNull(typed.expectedCloseDate),
        description: blankToNull(typed.description),
      });
      await auditEntry(link, 'partner-page.registration-submitted', auditOf(result));
      if (result.outcome === 'invalid') {
        const problems = result.problems.map((problem) => {
          const label = FIELD_NAMES[problem.field] ?? problem.field;
          return problem.message.startsWith('is ') ? `${label} ${problem.message}.` : `${label}: ${problem.message}.`;
        });
        const page = await content(link, token, { values, problems });
        return page ? { kind: 'page', status: 400, content: page } : { kind: 'not-your-partner' };
      }
      const page = await content(link, token, result.outcome === 'refused' ? { values } : {});
      if (!page) return { kind: 'not-your-partner' };
      return { kind: 'page', status: registrationStatusOf(result), content: { ...page, notice: registrationNoticeOf(result) } };
    }),
  );

  router.post(
    '/p/:token/incentives',
    incentiveForms,
    route(async (req) => {
      const token = String(req.params.token);
      const open = await opened(token);
      if ('view' in open) return open.view;
      const { link } = open;
      const form = incentiveForm.safeParse(req.body ?? {});
      if (!deps.incentives || !form.success || !deps.links.isFormTokenValid(link, form.data.form_token)) {
        await auditEntry(link, 'partner-page.form-refused', { form: 'incentive', reason: form.success ? 'form-token' : 'malformed' });
        return { kind: 'form-refused' };
      }
      // The page is read first: a contact no longer the partner's submits nothing.
      const before = await content(link, token);
      if (!before?.incentives) return { kind: 'not-your-partner' };
      const { form_token: _formToken, ...typed } = form.data;
      const values = Object.fromEntries(Object.entries(typed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      const text = (name: keyof typeof typed) => (typeof typed[name] === 'string' ? (typed[name] as string) : '');
      const submitted = incentiveFormOf(typed.form, text);
      const { officialTier, today, currency, timeZone } = before.incentives.context;
      const result = await submitIncentiveRequest(
        { store: deps.incentives.store, program: deps.program, now },
        { portalId: link.portalId, partnerId: link.companyId, contactId: link.contactId, officialTier, currency, today },
        submitted,
        { type: 'contact', id: link.contactId },
      );
      const formId = typed.form === 'mdf_claim' ? `mdf_claim:${text('mdfRequestId')}` : typed.form;
      if (result.outcome === 'invalid') {
        await auditEntry(link, 'partner-page.incentive-refused', { type: typed.form, problems: result.problems.length });
        const page = await content(link, token, { incentiveForm: { form: formId, values, problems: result.problems } });
        return page ? { kind: 'page', status: 400, content: page } : { kind: 'not-your-partner' };
      }
      if (result.outcome === 'not_found') {
        await auditEntry(link, 'partner-page.incentive-refused', { type: typed.form, problems: 0, notFound: true });
        return { kind: 'page', status: 404, content: { ...before, notice: { tone: 'problem', text: 'That item can no longer be claimed, so nothing was sent.' } } };
      }
      await auditEntry(link, 'partner-page.incentive-submitted', { type: typed.form, requestId: result.request.id, duplicate: result.duplicate });
      // A claim starts the verification clock (an MDF request waits for its approval instead).
      if (!result.duplicate && result.request.type !== 'mdf_request' && deps.incentives.deadlines) {
        const dueOn = incentiveDueDate('verification', today, deps.program.incentives);
        await deps.incentives.deadlines.schedule(link.portalId, result.request.id, 'verification', dueOn, timeZone, now());
      }
      const page = await content(link, token);
      if (!page) return { kind: 'not-your-partner' };
      return { kind: 'page', status: result.duplicate ? 200 : 201, content: { ...page, notice: incentiveNoticeOf(result) } };
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

function auditOf(result: SubmissionResult): Record<string, unknown> {
  switch (result.outcome) {
    case 'invalid':
      return { outcome: 'invalid', problems: result.problems.map((problem) => problem.field) };
    case 'refused':
      return { outcome: 'refused' };
    case 'lead':
      return { outcome: 'lead', customerCompanyId: result.companyId };
    case 'registered':
      return { outcome: 'registered', registrationId: result.registrationId, duplicate: result.duplicate, conflict: result.conflict };
  }
}

function registrationStatusOf(result: SubmissionResult): number {
  if (result.outcome === 'refused') return 403;
  if (result.outcome === 'registered' && result.duplicate) return 200;
  return 201;
}

function registrationNoticeOf(result: SubmissionResult): PartnerPageContent['notice'] {
  switch (result.outcome) {
    case 'refused':
      return { tone: 'problem', text: result.message };
    case 'lead':
      return { tone: 'ok', text: 'Your tier does not register deals, so this was passed on as a lead. It claims no protection.' };
    case 'registered': {
      if (result.duplicate) return { tone: 'ok', text: 'You already hold a registration for this customer, so nothing new was created.' };
      const warnings = result.warnings.map((warning) => ` Note: ${warning.message}`).join('');
      return { tone: 'ok', text: `Your registration was sent and is pending a decision.${warnings}` };
    }
    default:
      return { tone: 'problem', text: 'The registration was not sent.' };
  }
}

function incentiveFormOf(type: IncentiveForm['type'], text: (name: 'accrualKey' | 'kind' | 'incrementalRevenue' | 'contractYears' | 'description' | 'activity' | 'plannedCost' | 'activityStart' | 'activityEnd' | 'mdfRequestId' | 'actualCost' | 'results' | 'proofUrl') => string): IncentiveForm {
  switch (type) {
    case 'spiff_claim':
      return { type, accrualKey: text('accrualKey') };
    case 'bonus':
      return { type, kind: text('kind'), incrementalRevenue: text('incrementalRevenue'), contractYears: text('contractYears'), description: text('description') };
    case 'mdf_request':
      return { type, activity: text('activity'), plannedCost: text('plannedCost'), activityStart: text('activityStart'), activityEnd: text('activityEnd'), description: text('description') };
    case 'mdf_claim':
      return { type, mdfRequestId: text('mdfRequestId'), actualCost: text('actualCost'), results: text('results'), proofUrl: text('proofUrl') };
  }
}

function incentiveNoticeOf(result: Extract<SubmissionOutcome, { outcome: 'submitted' }>): PartnerPageContent['notice'] {
  if (result.duplicate) return { tone: 'ok', text: 'This was already sent, so nothing new was created.' };
  const texts: Record<string, string> = {
    spiff_claim: 'Your SPIFF claim was sent and is pending a decision.',
    bonus: 'Your bonus request was sent and is pending a decision.',
    mdf_request: 'Your MDF request was sent. It must be approved before the activity starts.',
    mdf_claim: 'Your MDF claim was sent and is pending verification.',
  };
  return { tone: 'ok', text: texts[result.request.type] ?? 'Sent.' };
}
