import { IANAZone } from 'luxon';
import { z } from 'zod';
import { AppError } from './errors.js';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const environmentSchema = z
  .object({
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    PUBLIC_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    HUBSPOT_ACCESS_TOKEN: optionalString,
    HUBSPOT_CLIENT_SECRET: optionalString,
    HUBSPOT_APP_ID: optionalString,
    /** The portal (HubSpot account id) the app serves; unset: asked from HubSpot at start (account-info API). */
    HUBSPOT_PORTAL_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, 'expected a HubSpot account id (digits)').optional()),
    HUBSPOT_API_BASE_URL: z.preprocess(emptyAsUndefined, z.url().default('https://api.hubapi.com')),
    REDIS_URL: z.preprocess(emptyAsUndefined, z.string().optional()),
    /** PostgreSQL, the system of record (audit, score history, reminders, training); required with a token, else sandbox mode embeds one. */
    DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL').optional()),
    PROGRAM_FILE: optionalString,
    /** Bearer token for the operator pages (queue dashboard); unset disables them. */
    ADMIN_TOKEN: optionalString,
    /** SMTP connection URL for reminder and consent emails; unset logs them instead. */
    SMTP_URL: optionalString,
    /** Sender address of the emails. */
    MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default('Partner enablement <enablement@localhost>')),
    /** Secret that signs consent links; defaults to the client secret. */
    LINK_SIGNING_SECRET: optionalString,
    /** HubSpot's per-10-second request budget for this app and account. */
    HUBSPOT_REQUESTS_PER_10S: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(110)),
    /** The HubSpot account's time zone setting (IANA); its daily API limit resets at midnight there. */
    HUBSPOT_ACCOUNT_TIME_ZONE: z.preprocess(
      emptyAsUndefined,
      z.string().refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone, e.g. America/New_York').optional(),
    ),
    /** Jobs one worker process runs at once (recalculation batches, contact look-ups). */
    WORKER_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(4)),
    /** Pending companies one recalculation claims and loads at once (HubSpot calls stay ≤ 100 records each). */
    RECALCULATION_CLAIM_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().max(10_000).default(1000)),
    /** Cron pattern (UTC) of the reconciliation sweep. */
    RECONCILE_CRON: z.preprocess(emptyAsUndefined, z.string().default('0 3 * * *')),
    /** Where sandbox mode writes the addresses of its sandbox and Redis, for CLI commands run beside it. */
    SANDBOX_STATE_FILE: z.preprocess(emptyAsUndefined, z.string().default('.partner-enablement/sandbox.json')),
    LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  })
  .superRefine((env, ctx) => {
    if (env.HUBSPOT_ACCESS_TOKEN && !env.HUBSPOT_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['HUBSPOT_CLIENT_SECRET'],
        message: 'is required when HUBSPOT_ACCESS_TOKEN is set (it verifies HubSpot request signatures)',
      });
    }
  });

export interface Config {
  port: number;
  publicBaseUrl: string;
  /** `sandbox` when no access token is set (CONTRACT §6). */
  mode: 'hubspot' | 'sandbox';
  hubspot: {
    accessToken: string | undefined;
    clientSecret: string | undefined;
    appId: string | undefined;
    /** `HUBSPOT_PORTAL_ID`; undefined means ask HubSpot. */
    portalId: string | undefined;
    apiBaseUrl: string;
    requestsPer10s: number;
    /** Unset: a DAILY 429 pauses until the next whole hour, then probes again. */
    accountTimeZone?: string;
  };
  redisUrl: string | undefined;
  /** `DATABASE_URL`; unset in sandbox mode means the embedded database. */
  databaseUrl: string | undefined;
  programFile: string | undefined;
  adminToken: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  linkSigningSecret: string | undefined;
  reconcileCron: string;
  /** Jobs one worker process runs at once. */
  workerConcurrency: number;
  recalculationClaimSize: number;
  /** Where sandbox mode leaves its addresses for CLI commands (`SANDBOX_STATE_FILE`). */
  sandboxStateFile: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Reads the environment once. A bad value fails here, naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
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
      appId: e.HUBSPOT_APP_ID,
      portalId: e.HUBSPOT_PORTAL_ID,
      apiBaseUrl: e.HUBSPOT_API_BASE_URL.replace(/\/+$/, ''),
      requestsPer10s: e.HUBSPOT_REQUESTS_PER_10S,
      accountTimeZone: e.HUBSPOT_ACCOUNT_TIME_ZONE,
    },
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    programFile: e.PROGRAM_FILE,
    adminToken: e.ADMIN_TOKEN,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    linkSigningSecret: e.LINK_SIGNING_SECRET,
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
