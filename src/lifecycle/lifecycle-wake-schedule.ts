import type { Redis } from 'ioredis';
import { defineRedisScript, runRedisScript } from '../redis-script.js';

/**
 * Why a partner needs waking: `reminder` — a renewal reminder falls due; `status` — a
 * certification changes status (or recent activity lapses) that day, so the partner's score, tier
 * and gaps change with no input changing.
 */
export type WakeKind = 'reminder' | 'status';

/** A partner and the instant it next needs waking for one reason. */
export interface WakeEntry {
  portalId: string;
  companyId: string;
  kind: WakeKind;
  /** Epoch milliseconds; null removes the entry (nothing to wake for). */
  at: number | null;
}

/** A wake-up taken by one sweeper: nobody else takes it until `leaseUntil`. */
export interface ClaimedWake {
  portalId: string;
  companyId: string;
  kind: WakeKind;
  /** When it was due. */
  dueAt: number;
  /** The lease: if the claimer dies, the entry is due again at this instant. */
  leaseUntil: number;
}

/** Options of {@link LifecycleWakeSchedule}. */
export interface LifecycleWakeScheduleOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
}

const KIND_CODES: Record<WakeKind, string> = { reminder: 'r', status: 's' };
const KINDS_BY_CODE: Record<string, WakeKind> = { r: 'reminder', s: 'status' };

// KEYS: the wake set. ARGV: now, limit, lease until. Takes the due entries and pushes each one to
// the lease instant in the same step, so two sweepers never take the same entry, and an entry
// whose claimer died comes due again by itself.
const CLAIM_SCRIPT = defineRedisScript('lifecycleClaimWakes', `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #due, 2 do
  redis.call('ZADD', KEYS[1], 'XX', ARGV[3], due[i])
end
return due
`);

// KEYS: the wake set. ARGV: member, lease until, next (or '' to remove). When the entry still holds
// this claimer's lease, the next wake replaces it; when someone rescheduled it meanwhile from newer
// data, the earlier of the two wins, so a wake is never pushed later by older data.
const RELEASE_SCRIPT = defineRedisScript('lifecycleReleaseWake', `
local current = redis.call('ZSCORE', KEYS[1], ARGV[1])
if current and tonumber(current) == tonumber(ARGV[2]) then
  if ARGV[3] == '' then return redis.call('ZREM', KEYS[1], ARGV[1]) end
  return redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
end
if ARGV[3] == '' then return 0 end
return redis.call('ZADD', KEYS[1], 'LT', ARGV[3], ARGV[1])
`);

/**
 * When each partner next needs waking, as one Redis sorted set scored by the instant: about one
 * small member per partner and reason, whatever the number of reminders, and a sweep every minute
 * takes what is due. An outage only delays the sweep: what fell due meanwhile is still in the set.
 */
export class LifecycleWakeSchedule {
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    options: LifecycleWakeScheduleOptions = {},
  ) {
    this.key = `${options.prefix ?? 'pe'}:lifecycle:wake`;
  }

  /** Sets (or, with `at: null`, removes) wake-ups, from current data. */
  async set(entries: readonly WakeEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const entry of entries) {
      const member = memberOf(entry);
      if (entry.at === null) pipeline.zrem(this.key, member);
      else pipeline.zadd(this.key, entry.at, member);
    }
    await execOrThrow(pipeline);
  }

  /** Takes up to `limit` wake-ups due at `now`, leasing each one for `leaseMs`. */
  async claimDue(now: number, options: { limit: number; leaseMs: number }): Promise<ClaimedWake[]> {
    const leaseUntil = now + options.leaseMs;
    const flat = (await runRedisScript(this.redis, CLAIM_SCRIPT, [this.key], [String(now), String(options.limit), String(leaseUntil)])) as string[];
    const claimed: ClaimedWake[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const parsed = parseMember(flat[i] ?? '');
      if (parsed) claimed.push({ ...parsed, dueAt: Number(flat[i + 1]), leaseUntil });
    }
    return claimed;
  }

  /** Ends a claim: the entry's next wake-up (null: none), unless newer data already set an earlier one. */
  async release(claim: ClaimedWake, nextAt: number | null): Promise<void> {
    await runRedisScript(this.redis, RELEASE_SCRIPT, [this.key], [memberOf(claim), String(claim.leaseUntil), nextAt === null ? '' : String(nextAt)]);
  }

  /** The next wake-up of a partner for a reason, or null. */
  async nextAt(portalId: string, companyId: string, kind: WakeKind): Promise<number | null> {
    const score = await this.redis.zscore(this.key, memberOf({ portalId, companyId, kind }));
    return score === null ? null : Number(score);
  }

  /** Entries in the set. */
  async size(): Promise<number> {
    return this.redis.zcard(this.key);
  }

  /** How many entries are due at `now` (a gauge for operators). */
  async dueCount(now: number): Promise<number> {
    return this.redis.zcount(this.key, '-inf', now);
  }
}

function memberOf(entry: { portalId: string; companyId: string; kind: WakeKind }): string {
  return `${KIND_CODES[entry.kind]}|${entry.portalId}|${entry.companyId}`;
}

function parseMember(member: string): { portalId: string; companyId: string; kind: WakeKind } | null {
  const [code, portalId, companyId] = member.split('|');
  const kind = code === undefined ? undefined : KINDS_BY_CODE[code];
  if (!kind || !portalId || !companyId) return null;
  return { kind, portalId, companyId };
}

async function execOrThrow(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  const results = await pipeline.exec();
  const failure = results?.find(([error]) => error);
  if (failure?.[0]) throw failure[0];
}
