import type { Redis } from 'ioredis';

/** Who did something: the app itself, a HubSpot user, a workflow, a contact (consent) or an operator. */
export interface AuditActor {
  type: 'system' | 'hubspot-user' | 'workflow' | 'contact' | 'operator';
  /** HubSpot user id, workflow id, contact id or operator name; absent for the system. */
  id?: string;
}

export interface AuditEntryInput {
  portalId: string;
  companyId?: string;
  contactId?: string;
  actor: AuditActor;
  /** What happened, as a dotted verb: `outputs.written`, `tier.changed`, `reminder.sent`, … */
  action: string;
  before?: unknown;
  after?: unknown;
  /** Epoch milliseconds; defaults to now. */
  at?: number;
}

export interface AuditEntry extends AuditEntryInput {
  id: string;
  at: number;
}

export interface AuditTrailOptions {
  /** Key prefix, so tests and several installations can share one Redis. Default `pe`. */
  prefix?: string;
  /** Entries kept per company or contact (oldest trimmed first). Default 1,000. */
  maxEntriesPerSubject?: number;
}

/**
 * The audit trail: every enablement action (who, what, when, before, after), kept in Redis
 * streams, one per company and one per contact, so `partner-enablement audit <companyId>` and
 * the cards read a subject's history in one call.
 */
export class AuditTrail {
  private readonly prefix: string;
  private readonly maxEntries: number;

  constructor(
    private readonly redis: Redis,
    options: AuditTrailOptions = {},
  ) {
    this.prefix = options.prefix ?? 'pe';
    this.maxEntries = options.maxEntriesPerSubject ?? 1000;
  }

  async record(entry: AuditEntryInput): Promise<void> {
    await this.recordMany([entry]);
  }

  /** Writes many entries in one round trip. */
  async recordMany(entries: AuditEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const entry of entries) {
      const at = entry.at ?? Date.now();
      const payload = JSON.stringify({ ...entry, at });
      for (const key of this.keysFor(entry)) {
        pipeline.xadd(key, 'MAXLEN', '~', String(this.maxEntries), '*', 'entry', payload);
      }
    }
    const results = await pipeline.exec();
    const failure = results?.find(([error]) => error);
    if (failure?.[0]) throw failure[0];
  }

  /** A company's entries, oldest first. */
  async forCompany(portalId: string, companyId: string, limit = 100): Promise<AuditEntry[]> {
    return this.read(this.companyKey(portalId, companyId), limit);
  }

  /** A contact's entries, oldest first. */
  async forContact(portalId: string, contactId: string, limit = 100): Promise<AuditEntry[]> {
    return this.read(this.contactKey(portalId, contactId), limit);
  }

  private async read(key: string, limit: number): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(key, '+', '-', 'COUNT', limit);
    return rows.reverse().map(([id, fields]) => ({ id, ...(JSON.parse(fields[1] ?? '{}') as Omit<AuditEntry, 'id'>) }));
  }

  private keysFor(entry: AuditEntryInput): string[] {
    const keys: string[] = [];
    if (entry.companyId) keys.push(this.companyKey(entry.portalId, entry.companyId));
    if (entry.contactId) keys.push(this.contactKey(entry.portalId, entry.contactId));
    if (keys.length === 0) keys.push(`${this.prefix}:audit:${entry.portalId}:portal`);
    return keys;
  }

  private companyKey(portalId: string, companyId: string): string {
    return `${this.prefix}:audit:${portalId}:company:${companyId}`;
  }

  private contactKey(portalId: string, contactId: string): string {
    return `${this.prefix}:audit:${portalId}:contact:${contactId}`;
  }
}
