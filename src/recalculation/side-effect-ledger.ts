import type { Redis } from 'ioredis';

/** The HubSpot objects a recalculation may create besides writing outputs. */
export type SideEffectKind = 'tier-note' | 'declining-task';

export interface SideEffectLedgerOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
}

/** Long enough to outlive every retry of a batch; markers of deleted companies clean themselves up. */
const MARKER_EXPIRY_SECONDS = 90 * 24 * 3600;

/**
 * Remembers, per company, which note or task the app already created for which event, so that a
 * batch run again (after an error, a crash or a redelivered job) never creates it twice.
 *
 * An event is named by a signature the caller derives from the partner's recorded history (e.g.
 * `<time of the previous point>:silver>bronze`): the same event seen again has the same signature,
 * a later event of the same kind has another. One field per kind and company, overwritten by the
 * next event, so the ledger stays one small hash per company.
 */
export class SideEffectLedger {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: SideEffectLedgerOptions = {},
  ) {
    this.prefix = options.prefix ?? 'pe';
  }

  /** What was created for the event, or null when it was not (yet). */
  async createdFor(portalId: string, companyId: string, kind: SideEffectKind, signature: string): Promise<string | null> {
    const value = await this.redis.hget(this.key(portalId, companyId), kind);
    if (value === null) return null;
    const separator = value.indexOf('\n');
    return value.slice(0, separator) === signature ? value.slice(separator + 1) : null;
  }

  /** Records that `objectId` was created for the event. */
  async recordCreated(portalId: string, companyId: string, kind: SideEffectKind, signature: string, objectId: string): Promise<void> {
    const key = this.key(portalId, companyId);
    await this.redis.multi().hset(key, kind, `${signature}\n${objectId}`).expire(key, MARKER_EXPIRY_SECONDS).exec();
  }

  private key(portalId: string, companyId: string): string {
    return `${this.prefix}:recalc:effects:${portalId}:${companyId}`;
  }
}
