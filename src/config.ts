import { CronExpressionParser } from 'cron-parser';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { AppError } from './errors.js';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

/** A URL with one of `schemes` written out: `localhost:3000` or `pe.example.com` are refused. */
function urlWithScheme(schemes: readonly string[], example: string) {
  return z.url({
    protocol: new RegExp(`^(${schemes.join('|')})$`),
    error: `expected a ${schemes.join(' or ')} URL with its scheme, e.g. ${example}`,
  });
}

/**
 * Why BullMQ's job scheduler would refuse `pattern`, or undefined. It parses patterns with
 * cron-parser (the version pinned here is the one BullMQ depends on), so a pattern checked here
 * is one the scheduler takes; a pattern of fewer than five fields is refused as well, because
 * cron-parser reads one as something nobody meant.
 */
function cronPatternProblem(pattern: string): string | undefined {
  const fields = pattern.trim().split(/\s+/);
  if (!pattern.trim().startsWith('@') && (fields.length < 5 || fields.length > 6)) {
    return `expected a cron pattern of five fields (minute hour day month weekday), e.g. "0 3 * * *"; got ${fields.length}`;
  }
  try {
    CronExpressionParser.parse(pattern, { tz: 'UTC' });
    return undefined;
  } catch (error) {
    return `expected a cron pattern, e.g. "0 3 * * *" (03:00 UTC daily): ${(error as Error).message}`;
  }
}

const environmentSchema = z
  .object({
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    PUBLIC_BASE_URL: z.preprocess(emptyAsUndefined, urlWithScheme(['http', 'https'], 'https://partners.example.com').optional()),
    HUBSPOT_ACCESS_TOKEN: optionalString,
    HUBSPOT_CLIENT_SECRET: optionalString,
    /** The client secret before a rotation: its signatures are still accepted while it is set. */
    HUBSPOT_CLIENT_SECRET_PREVIOUS: optionalString,
    HUBSPOT_APP_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, 'expected the HubSpot app id (digits)').optional()),
    /** The portal (HubSpot account id) the app serves; unset: asked from HubSpot at start (account-info API). */
    HUBSPOT_PORTAL_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, 'expected a HubSpot account id (digits)').optional()),
    HUBSPOT_API_BASE_URL: z.preprocess(emptyAsUndefined, urlWithScheme(['http', 'https'], 'https://api.hubapi.com').default('https://api.hubapi.com')),
    REDIS_URL: z.preprocess(emptyAsUndefined, urlWithScheme(['redis', 'rediss'], 'redis://127.0.0.1:6379').optional()),
    /** PostgreSQL, the system of record (audit, score history, reminders, training); required with a token, else sandbox mode embeds one. */
    DATABASE_URL: z.preprocess(emptyAsUndefined, urlWithScheme(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/partner_enablement').optional()),
    PROGRAM_FILE: optionalString,
    /** Bearer token for the operator pages (queue dashboard); unset disables them. */
    ADMIN_TOKEN: optionalString,
    /** SMTP connection URL for reminder and consent emails; unset logs them instead. */
    SMTP_URL: z.preprocess(emptyAsUndefined, urlWithScheme(['smtp', 'smtps'], 'smtps://user:password@smtp.example.com:465').optional()),
    /** Sender address of the emails. */
    MAIL_FROM: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/, 'expected an email address, or a name and <address>, e.g. Partner enablement <enablement@example.com>')
        .default('Partner enablement <enablement@localhost>'),
    ),
    /** Secret that signs consent links; defaults to the client secret. */
    LINK_SIGNING_SECRET: optionalString,
    /** The link signing secret before a rotation: links it signed still open; new links use the current one. */
    LINK_SIGNING_SECRET_PREVIOUS: optionalString,
    /** How many days a partner page link works. */
    PARTNER_LINK_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().max(3650).default(90)),
    /**
     * The most requests per 10 s the app ever makes to the account: a ceiling. The budget HubSpot
     * states on its answers (`X-HubSpot-RateLimit-Max`) replaces it when lower.
     */
    HUBSPOT_REQUESTS_PER_10S: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(110)),
    /** The HubSpot account's time zone setting (IANA); its daily API limit resets at midnight there. */
    HUBSPOT_ACCOUNT_TIME_ZONE: z.preprocess(
      emptyAsUndefined,
      z.string().refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone, e.g. America/New_York').optional(),
    ),
    /** The portal's company currency (ISO 4217): what deal amounts and revenue requirements are in. */
    HUBSPOT_COMPANY_CURRENCY: z.preprocess(
      emptyAsUndefined,
      z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code, e.g. USD or EUR').optional(),
    ),
    /** Jobs one worker process runs at once (recalculation batches, contact look-ups). */
    WORKER_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(4)),
    /** Pending companies one recalculation claims and loads at once (HubSpot calls stay ≤ 100 records each). */
    RECALCULATION_CLAIM_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().max(10_000).default(1000)),
    /** Cron pattern (UTC) of the reconciliation sweep. */
    RECONCILE_CRON: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default('0 3 * * *')
        .superRefine((pattern, ctx) => {
          const problem = cronPatternProblem(pattern);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    ),
    /** Where sandbox mode writes the addresses of its sandbox and Redis, for CLI commands run beside it. */
    SANDBOX_STATE_FILE: z.preprocess(emptyAsUndefined, z.string().default('.partner-enablement/sandbox.json')),
    LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  });

/**
 * Variables that depend on another, checked on the raw environment: a refinement of the schema
 * would be skipped once any field failed, and this problem must be named beside the others.
 */
function dependencyProblems(env: NodeJS.ProcessEnv): string[] {
  return env.HUBSPOT_ACCESS_TOKEN && !env.HUBSPOT_CLIENT_SECRET
    ? ['HUBSPOT_CLIENT_SECRET: is required when HUBSPOT_ACCESS_TOKEN is set (it verifies HubSpot request signatures)']
    : [];
}

export interface Config {
  port: number;
  publicBaseUrl: string;
  /** `sandbox` when no access token is set (docs/interfaces.md, "Sandbox mode"). */
  mode: 'hubspot' | 'sandbox';
  hubspot: {
    accessToken: string | undefined;
    clientSecret: string | undefined;
    /** `HUBSPOT_CLIENT_SECRET_PREVIOUS`: also accepted for HubSpot's signatures during a rotation. */
    previousClientSecret: string | undefined;
    appId: string | undefined;
    /** `HUBSPOT_PORTAL_ID`; undefined means ask HubSpot. */
    portalId: string | undefined;
    apiBaseUrl: string;
    requestsPer10s: number;
    /** Unset: a DAILY 429 pauses until the next whole hour, then probes again. */
    accountTimeZone?: string;
    /** `HUBSPOT_COMPANY_CURRENCY`; unset means USD. */
    companyCurrency?: string;
  };
  redisUrl: string | undefined;
  /** `DATABASE_URL`; unset in sandbox mode means the embedded database. */
  databaseUrl: string | undefined;
  programFile: string | undefined;
  adminToken: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  linkSigningSecret: string | undefined;
  /** `LINK_SIGNING_SECRET_PREVIOUS`: verifies links signed before a rotation. */
  previousLinkSigningSecret: string | undefined;
  /** `PARTNER_LINK_DAYS`: how long a partner page link works (default 90). */
  partnerLinkDays: number;
  reconcileCron: string;
  /** Jobs one worker process runs at once. */
  workerConcurrency: number;
  recalculationClaimSize: number;
  /** Where sandbox mode leaves its addresses for CLI commands (`SANDBOX_STATE_FILE`). */
  sandboxStateFile: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Reads the environment once. Bad values fail here, every one named with its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  const problems = [...(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? []), ...dependencyProblems(env)];
  if (!parsed.success || problems.length > 0) {
    throw new AppError('INVALID_CONFIG', `Invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    mode: e.HUBSPOT_ACCESS_TOKEN ? 'hubspot' : 'sandbox',
    hubspot: {
      accessToken: e.HUBSPOT_ACCESS_TOKEN,
      clientSecret: e.HUBSPOT_CLIENT_SECRET,
      previousClientSecret: e.HUBSPOT_CLIENT_SECRET_PREVIOUS,
      appId: e.HUBSPOT_APP_ID,
      portalId: e.HUBSPOT_PORTAL_ID,
      apiBaseUrl: e.HUBSPOT_API_BASE_URL.replace(/\/+$/, ''),
      requestsPer10s: e.HUBSPOT_REQUESTS_PER_10S,
      accountTimeZone: e.HUBSPOT_ACCOUNT_TIME_ZONE,
      companyCurrency: e.HUBSPOT_COMPANY_CURRENCY,
    },
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    programFile: e.PROGRAM_FILE,
    adminToken: e.ADMIN_TOKEN,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    linkSigningSecret: e.LINK_SIGNING_SECRET,
    previousLinkSigningSecret: e.LINK_SIGNING_SECRET_PREVIOUS,
    partnerLinkDays: e.PARTNER_LINK_DAYS,
    reconcileCron: e.RECONCILE_CRON,
    workerConcurrency: e.WORKER_CONCURRENCY,
    recalculationClaimSize: e.RECALCULATION_CLAIM_SIZE,
    sandboxStateFile: e.SANDBOX_STATE_FILE,
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Just the program file setting (PROGRAM_FILE), for commands that need nothing else from the
 * environment: `partner-enablement evaluate` must work offline whatever else is set or unset.
 */
export function loadProgramFileSetting(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return optionalString.parse(env.PROGRAM_FILE);
}
