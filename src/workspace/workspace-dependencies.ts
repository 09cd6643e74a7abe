import type { AuditEntry } from '../audit/audit-trail.js';
import type { Logger } from '../logger.js';
import type { Program } from '../program/program-schema.js';
import type { Sandbox } from '../sandbox/index.js';
import type { OutboxMailSender } from './outbox-mail-sender.js';

/** What the workspace reads and drives: the sandbox portal and the product running against it. */
export interface WorkspaceDependencies {
  sandbox: Sandbox;
  /** `PUBLIC_BASE_URL` of the product: where cards and workflow actions call. */
  serverUrl: string;
  /** The app's client secret (the sandbox's): HubSpot signs card and action requests with it. */
  clientSecret: string;
  program: Program;
  audit: {
    forCompany(portalId: string, companyId: string, limit?: number): Promise<AuditEntry[]>;
    forContact(portalId: string, contactId: string, limit?: number): Promise<AuditEntry[]>;
  };
  outbox: OutboxMailSender;
  /** The app's per-10-second HubSpot budget. */
  requestsPer10s: number;
  /** The HubSpot project folder (`extensions/`): cards and workflow actions are read from it. */
  srcDir: string;
  logger: Logger;
}
