import type { Redis } from 'ioredis';
import { defineRedisScript, runRedisScript } from '../redis-script.js';

/**
 * Record ids waiting to be processed, coalesced per (portal, id), kept in Redis so that every
 * web and worker process shares them and a restart loses nothing.
 *
 * Ids are spread over `shards` per portal by a hash of the id, so one id always lands in the same
 * shard. Each shard has:
 * - `pending` — a sorted set (member id, score first-seen ms): adding an id that is already
 *   pending changes nothing, which is what turns 1,000 events for one company into one entry;
 * - `inflight` + `inflight-meta` — the batch a worker claimed and has not finished, with how many
 *   times it was claimed and the last error. A claim while a batch is in flight returns that
 *   batch again: a worker that died, or a batch that threw, is resumed rather than lost.
 * - `failed` (per portal) — ids whose processing was rejected or abandoned, with the reason.
 * - `slots` (one set) — every `portal:shard` that may hold work, so a sweep can find them.
 *
 * Only one drain runs per shard at a time (the queue guarantees it), so the in-flight batch of a
 * shard has a single owner and an id is never processed twice at once.
 */
export class CoalescingBuffer {
  constructor(
    private readonly redis: Redis,
    private readonly options: CoalescingBufferOptions,
  ) {
    if (!Number.isInteger(options.shards) || options.shards < 1) {
      throw new Error(`shards must be a positive integer, got ${options.shards}`);
    }
  }

  get shards(): number {
    return this.options.shards;
  }

  /** The shard an id belongs to (stable across processes with the same `shards`). */
  shardOf(id: string): number {
    let hash = 2166136261;
    for (let i = 0; i < id.length; i += 1) {
      hash ^= id.charCodeAt(i);
      hash = Math.imul(hash, 16777619);
    }
    return (hash >>> 0) % this.options.shards;
  }

  /**
   * Adds ids to the pending sets of their shards (ids already pending keep their place), in one
   * round trip. Resolves with the shards that were touched, which the caller wakes.
   */
  async add(portalId: string, ids: Iterable<string>, now: number = Date.now()): Promise<number[]> {
    const shards = await CoalescingBuffer.addAll(this.redis, [{ buffer: this, portalId, ids }], now);
    return shards.map((s) => s.shard);
  }

  /**
   * Adds ids to several buffers and portals at once — one script, one round trip, however many
   * shards the ids fall in — and reports, per shard touched, what its caller needs to decide
   * whether a drain must be woken (see {@link ShardAfterAdd}). Every buffer must live on `redis`.
   */
  static async addAll(redis: Redis, additions: readonly PendingAddition[], now: number = Date.now()): Promise<ShardAfterAdd[]> {
    // Ids are not de-duplicated here: ZADD NX makes a repeated id a no-op inside the script.
    type Touched = { buffer: CoalescingBuffer; portalId: string; shard: number; ids: string[] };
    const touched: Touched[] = [];
    // Buffer namespace + portal → its shards, so that additions for the same shard share one entry.
    const shardsOf = new Map<string, Array<Touched | undefined>>();
    for (const { buffer, portalId, ids } of additions) {
      const group = `${buffer.options.namespace}\n${portalId}`;
      let shards = shardsOf.get(group);
      if (shards === undefined) {
        shards = [];
        shardsOf.set(group, shards);
      }
      for (const id of ids) {
        if (id.includes(ID_SEPARATOR)) throw new Error(`record ids cannot contain a line break: ${JSON.stringify(id)}`);
        const shard = buffer.shardOf(id);
        let entry = shards[shard];
        if (entry === undefined) {
          entry = { buffer, portalId, shard, ids: [] };
          shards[shard] = entry;
          touched.push(entry);
        }
        entry.ids.push(id);
      }
    }
    if (touched.length === 0) return [];
    const keys: string[] = [];
    const args: Array<string | number> = [now];
    for (const { buffer, portalId, shard, ids } of touched) {
      keys.push(buffer.key('pending', portalId, shard), buffer.key('inflight', portalId, shard), buffer.slotsKey());
      // One argument per shard, not per id: each argument costs the client as much as its bytes.
      args.push(slot(portalId, shard), ids.join(ID_SEPARATOR));
    }
    const reply = (await runRedisScript(redis, ADD_ALL, keys, args)) as Array<number | string>;
    return touched.map(({ buffer, portalId, shard }, i) => ({
      buffer,
      portalId,
      shard,
      wasIdle: reply[3 * i] === 1,
      oldestPendingAt: Number(reply[3 * i + 1]),
      batchInFlight: reply[3 * i + 2] === 1,
    }));
  }

  /**
   * Claims up to `max` pending ids of a shard as its in-flight batch, or resumes the batch
   * already in flight. Resolves with null when the shard has nothing to do.
   */
  async claim(portalId: string, shard: number, max: number): Promise<Claim | null> {
    const [tries, lastError, ids] = (await runRedisScript(
      this.redis,
      CLAIM,
      [this.key('pending', portalId, shard), this.key('inflight', portalId, shard), this.key('inflight-meta', portalId, shard)],
      [max],
    )) as [number, string, string[]];
    if (ids.length === 0) return null;
    return { ids, tries, lastError: lastError === '' ? null : lastError };
  }

  /** Remembers why the in-flight batch failed, for the record if it is finally abandoned. */
  async recordBatchError(portalId: string, shard: number, message: string): Promise<void> {
    await this.redis.hset(this.key('inflight-meta', portalId, shard), 'lastError', message.slice(0, 500));
  }

  /**
   * Ends the in-flight batch: ids in `failures` go to the failed set with their reason, the
   * others leave it (a later success clears an old failure).
   */
  async finish(portalId: string, shard: number, failures: RecordFailure[], now: number = Date.now()): Promise<void> {
    const args: Array<string | number> = [portalId, failures.length];
    for (const failure of failures) args.push(failure.id, JSON.stringify({ reason: failure.reason, failedAt: now }));
    await runRedisScript(
      this.redis,
      FINISH,
      [
        this.key('inflight', portalId, shard),
        this.key('inflight-meta', portalId, shard),
        this.failedKey(portalId),
        this.failedPortalsKey(),
      ],
      args,
    );
  }

  /**
   * Forgets the shard in the slot index when it holds nothing (pending and in flight both empty).
   * False when something arrived meanwhile, and the caller should claim again.
   */
  async retire(portalId: string, shard: number): Promise<boolean> {
    const retired = await runRedisScript(
      this.redis,
      RETIRE,
      [this.key('pending', portalId, shard), this.key('inflight', portalId, shard), this.slotsKey()],
      [slot(portalId, shard)],
    );
    return retired === 1;
  }

  /** Every (portal, shard) that may hold pending or in-flight ids. */
  async slots(): Promise<Slot[]> {
    const members = await this.redis.smembers(this.slotsKey());
    return members.map(parseSlot).filter((s): s is Slot => s !== null);
  }

  /** Failed ids with their reasons, for one portal or all of them. */
  async listFailed(portalId?: string): Promise<FailedRecord[]> {
    const portals = portalId === undefined ? await this.redis.smembers(this.failedPortalsKey()) : [portalId];
    const records: FailedRecord[] = [];
    for (const portal of portals) {
      const entries = await this.redis.hgetall(this.failedKey(portal));
      for (const [id, json] of Object.entries(entries)) {
        const { reason, failedAt } = JSON.parse(json) as { reason: string; failedAt: number };
        records.push({ portalId: portal, id, reason, failedAt });
      }
    }
    return records.sort((a, b) => a.failedAt - b.failedAt || a.id.localeCompare(b.id));
  }

  /**
   * Moves failed ids (all of a portal's, or the ones given) back to pending. Resolves with the
   * ids moved and the shards touched, which the caller wakes.
   */
  async retryFailed(portalId: string, ids?: string[], now: number = Date.now()): Promise<{ ids: string[]; shards: number[] }> {
    const failedKey = this.failedKey(portalId);
    const candidates = ids ?? (await this.redis.hkeys(failedKey));
    const present = candidates.length === 0 ? [] : await this.redis.hmget(failedKey, ...candidates);
    const moved = candidates.filter((_, i) => present[i] !== null);
    if (moved.length === 0) return { ids: [], shards: [] };
    const shards = await this.add(portalId, moved, now);
    await this.redis.hdel(failedKey, ...moved);
    return { ids: moved, shards };
  }

  /** Counts for metrics and the admin page. */
  async depth(): Promise<{ pending: number; inFlight: number; failed: number }> {
    const slots = await this.slots();
    const failedPortals = await this.redis.smembers(this.failedPortalsKey());
    const pipeline = this.redis.pipeline();
    for (const s of slots) {
      pipeline.zcard(this.key('pending', s.portalId, s.shard));
      pipeline.zcard(this.key('inflight', s.portalId, s.shard));
    }
    for (const portal of failedPortals) pipeline.hlen(this.failedKey(portal));
    const results = (await pipeline.exec()) ?? [];
    const counts = results.map(([error, value]) => (error ? 0 : Number(value)));
    let pending = 0;
    let inFlight = 0;
    slots.forEach((_, i) => {
      pending += counts[2 * i] ?? 0;
      inFlight += counts[2 * i + 1] ?? 0;
    });
    const failed = counts.slice(2 * slots.length).reduce((sum, n) => sum + n, 0);
    return { pending, inFlight, failed };
  }

  /** Pending ids of one shard (tests and the admin page). */
  async pending(portalId: string, shard: number): Promise<string[]> {
    return this.redis.zrange(this.key('pending', portalId, shard), 0, -1);
  }

  /** In-flight ids of one shard (tests and the admin page). */
  async inFlight(portalId: string, shard: number): Promise<string[]> {
    return this.redis.zrange(this.key('inflight', portalId, shard), 0, -1);
  }

  private key(kind: 'pending' | 'inflight' | 'inflight-meta', portalId: string, shard: number): string {
    return `${this.options.namespace}:${kind}:${portalId}:${shard}`;
  }

  private slotsKey(): string {
    return `${this.options.namespace}:slots`;
  }

  private failedKey(portalId: string): string {
    return `${this.options.namespace}:failed:${portalId}`;
  }

  private failedPortalsKey(): string {
    return `${this.options.namespace}:failed-portals`;
  }
}

export interface CoalescingBufferOptions {
  /** Prefix of every key, e.g. `pe:recalc:companies`. */
  namespace: string;
  /**
   * Shards per portal: how many batches of one portal may run at once across all workers. Every
   * process sharing the Redis must use the same number.
   */
  shards: number;
}

/** Ids bound for one buffer in one portal (see {@link CoalescingBuffer.addAll}). */
export interface PendingAddition {
  buffer: CoalescingBuffer;
  portalId: string;
  ids: Iterable<string>;
}

/** One shard right after ids were added to it, as the add's single script saw it. */
export interface ShardAfterAdd {
  buffer: CoalescingBuffer;
  portalId: string;
  shard: number;
  /**
   * The shard had left the slot index: it held nothing, and every drain that looked at it has
   * retired. No drain sees the new ids unless one is woken. When false a drain is scheduled or
   * running (or its wake-up was lost, which a later wake-up or the sweep repairs): a drain only
   * retires a shard atomically when its pending set is empty, so a running one claims these ids
   * before it stops.
   */
  wasIdle: boolean;
  /** When the oldest id pending in the shard was first seen (epoch ms). */
  oldestPendingAt: number;
  /** A batch of the shard is claimed and not finished: a drain is working on it, or waiting to retry it. */
  batchInFlight: boolean;
}

/** One shard of one portal. */
export interface Slot {
  portalId: string;
  shard: number;
}

export interface Claim {
  ids: string[];
  /** 1 for a fresh batch; more when the batch is resumed after an error or a dead worker. */
  tries: number;
  /** What the previous try threw, when it threw. */
  lastError: string | null;
}

/** A record the handler could not process, with a reason an operator can act on. */
export interface RecordFailure {
  id: string;
  reason: string;
}

export interface FailedRecord {
  portalId: string;
  id: string;
  reason: string;
  /** Epoch ms. */
  failedAt: number;
}

function slot(portalId: string, shard: number): string {
  return `${portalId}:${shard}`;
}

function parseSlot(member: string): Slot | null {
  const at = member.lastIndexOf(':');
  if (at <= 0) return null;
  const shard = Number(member.slice(at + 1));
  return Number.isInteger(shard) ? { portalId: member.slice(0, at), shard } : null;
}

const ID_SEPARATOR = '\n';

// KEYS: per shard, pending, inflight, slots. ARGV: now, then per shard: slot member, its ids joined
// by line breaks. Returns per shard: 1 when the slot index did not hold it (idle), the first-seen
// time of its oldest pending id, 1 when a batch is in flight. ZADD takes ids 500 at a time (Lua's
// stack limit).
const ADD_ALL = defineRedisScript('coalesceAddAll', `
local now = ARGV[1]
local result = {}
for k = 1, #KEYS, 3 do
  local shard = (k + 2) / 3
  local member = ARGV[2 * shard]
  local ids = ARGV[2 * shard + 1]
  local members = {}
  local from = 1
  while from do
    local at = string.find(ids, '\\n', from, true)
    members[#members + 1] = now
    members[#members + 1] = string.sub(ids, from, (at or 0) - 1)
    from = at and at + 1
    if #members == 1000 or not from then
      redis.call('ZADD', KEYS[k], 'NX', unpack(members))
      members = {}
    end
  end
  result[#result + 1] = redis.call('SADD', KEYS[k + 2], member)
  result[#result + 1] = redis.call('ZRANGE', KEYS[k], 0, 0, 'WITHSCORES')[2] or now
  result[#result + 1] = redis.call('EXISTS', KEYS[k + 1])
end
return result
`);

// KEYS: pending, inflight, inflight-meta. ARGV: max. Returns { tries, lastError or '', ids }.
const CLAIM = defineRedisScript('coalesceClaim', `
if redis.call('EXISTS', KEYS[2]) == 1 then
  local tries = redis.call('HINCRBY', KEYS[3], 'tries', 1)
  local lastError = redis.call('HGET', KEYS[3], 'lastError') or ''
  return { tries, lastError, redis.call('ZRANGE', KEYS[2], 0, -1) }
end
local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[1]))
if #popped == 0 then return { 0, '', {} } end
local ids = {}
for i = 1, #popped, 2 do
  redis.call('ZADD', KEYS[2], popped[i + 1], popped[i])
  ids[#ids + 1] = popped[i]
end
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[3], 'tries', 1)
return { 1, '', ids }
`);

// KEYS: inflight, inflight-meta, failed, failed-portals. ARGV: portal, n, (id, json) * n.
const FINISH = defineRedisScript('coalesceFinish', `
local failed = {}
local n = tonumber(ARGV[2])
for i = 0, n - 1 do failed[ARGV[3 + 2 * i]] = ARGV[4 + 2 * i] end
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if failed[id] then
    redis.call('HSET', KEYS[3], id, failed[id])
  else
    redis.call('HDEL', KEYS[3], id)
  end
end
if redis.call('HLEN', KEYS[3]) > 0 then
  redis.call('SADD', KEYS[4], ARGV[1])
else
  redis.call('SREM', KEYS[4], ARGV[1])
end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
`);

// KEYS: pending, inflight, slots. ARGV: slot member.
const RETIRE = defineRedisScript('coalesceRetire', `
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[1])
  return 1
end
return 0
`);
