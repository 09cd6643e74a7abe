import type { Redis } from 'ioredis';
import type { CalendarDate } from '../domain/types.js';
import type { TrackId } from '../program/program-schema.js';
import { defineRedisScript, runRedisScript } from '../redis-script.js';
import type { AssignmentState, TrainingAssignment } from './training-assignment.js';

/*
 * Redis layout (prefix `pe` by default):
 *   <prefix>:training:assignment:<id>            hash: `record` (the JSON written at creation) and
 *                                                the fields a decision changes: `state`,
 *                                                `decidedAt`, `deadlineOn`, `deadlineAt`
 *   <prefix>:training:contact:<portal>:<contact> hash, track → "<assignment id>|<state>|<link expiry ms>"
 *                                                for the contact's pending and active tracks
 * Every transition runs as one Lua script over both keys, so two clicks, two workers or two
 * assigners racing each other see one winner, and the active-track limit cannot be overshot.
 */

/** Decided assignments are kept this long for the consent page ("already accepted on …"). */
const DECIDED_RETENTION_SECONDS = 180 * 24 * 3600;

const COUNT_ACTIVE = `
local function countActive(key)
  local active = 0
  for _, value in ipairs(redis.call('HVALS', key)) do
    if string.match(value, '|active|') then active = active + 1 end
  end
  return active
end
`;

// KEYS: assignment, contact tracks, assignment key prefix.
// ARGV: record JSON, track, contact entry, now, max active, retention s, decided retention s, id.
const CREATE_SCRIPT = defineRedisScript('trainingCreateAssignment', `${COUNT_ACTIVE}
local existing = redis.call('HGET', KEYS[2], ARGV[2])
if existing then
  local id, state, linkExpiresAt = string.match(existing, '^([^|]*)|([^|]*)|([^|]*)$')
  if state == 'active' then return {'already-active', id} end
  if state == 'pending' and tonumber(linkExpiresAt) >= tonumber(ARGV[4]) then return {'already-pending', id} end
  local old = KEYS[3] .. id
  if redis.call('HGET', old, 'state') == 'pending' then
    redis.call('HSET', old, 'state', 'superseded')
    redis.call('EXPIRE', old, ARGV[7])
  end
end
local active = countActive(KEYS[2])
if active >= tonumber(ARGV[5]) then return {'limit', tostring(active)} end
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'state', 'pending', 'id', ARGV[8], 'track', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return {'created', ''}
`);

// KEYS: assignment, contact tracks. ARGV: decision, now, max active, deadline date, deadline ms, decided retention s.
const DECIDE_SCRIPT = defineRedisScript('trainingDecideAssignment', `${COUNT_ACTIVE}
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {'unknown', ''} end
if state ~= 'pending' then return {'used', state} end
local id = redis.call('HGET', KEYS[1], 'id')
local track = redis.call('HGET', KEYS[1], 'track')
if ARGV[1] == 'accept' then
  local active = countActive(KEYS[2])
  if active >= tonumber(ARGV[3]) then return {'limit', tostring(active)} end
  redis.call('HSET', KEYS[1], 'state', 'active', 'decidedAt', ARGV[2], 'deadlineOn', ARGV[4], 'deadlineAt', ARGV[5])
  redis.call('PERSIST', KEYS[1])
  redis.call('HSET', KEYS[2], track, id .. '|active|0')
  return {'active', ''}
end
redis.call('HSET', KEYS[1], 'state', 'declined', 'decidedAt', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[6])
local current = redis.call('HGET', KEYS[2], track)
if current and string.sub(current, 1, string.len(id) + 1) == id .. '|' then
  redis.call('HDEL', KEYS[2], track)
end
return {'declined', ''}
`);

// KEYS: assignment, contact tracks. ARGV: decided retention s.
const WITHDRAW_SCRIPT = defineRedisScript('trainingWithdrawAssignment', `
if redis.call('HGET', KEYS[1], 'state') ~= 'pending' then return 0 end
local id = redis.call('HGET', KEYS[1], 'id')
local track = redis.call('HGET', KEYS[1], 'track')
redis.call('HSET', KEYS[1], 'state', 'withdrawn')
redis.call('EXPIRE', KEYS[1], ARGV[1])
local current = redis.call('HGET', KEYS[2], track)
if current and string.sub(current, 1, string.len(id) + 1) == id .. '|' then
  redis.call('HDEL', KEYS[2], track)
end
return 1
`);

export type CreateAssignmentResult =
  | { outcome: 'created' }
  | { outcome: 'already-pending' | 'already-active'; existingId: string }
  | { outcome: 'limit'; activeCount: number };

export type DecideAssignmentResult =
  | { outcome: 'active' | 'declined' }
  | { outcome: 'used'; state: AssignmentState }
  | { outcome: 'unknown' }
  | { outcome: 'limit'; activeCount: number };

/** A contact's current tracks, as kept in Redis. */
export interface ContactTrackEntry {
  track: TrackId;
  assignmentId: string;
  state: 'pending' | 'active';
  linkExpiresAt: number;
}

/** Options of {@link TrainingAssignmentStore}. */
export interface TrainingAssignmentStoreOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
}

/** Training assignments and their consent state, with atomic transitions. */
export class TrainingAssignmentStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: TrainingAssignmentStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'pe';
  }

  /**
   * Stores a new pending assignment unless the contact already has the track pending (with a live
   * link) or active, or already has `maxActive` active tracks. A pending assignment whose link
   * expired is superseded by the new one.
   */
  async createPending(assignment: TrainingAssignment, maxActive: number, now: number): Promise<CreateAssignmentResult> {
    const retentionSeconds = Math.max(1, Math.ceil((assignment.linkExpiresAt - now) / 1000)) + DECIDED_RETENTION_SECONDS;
    const [outcome, detail] = (await runRedisScript(
      this.redis,
      CREATE_SCRIPT,
      [this.assignmentKey(assignment.id), this.contactKey(assignment.portalId, assignment.contactId), `${this.prefix}:training:assignment:`],
      [
        JSON.stringify(assignment),
        assignment.track,
        `${assignment.id}|pending|${assignment.linkExpiresAt}`,
        String(now),
        String(maxActive),
        String(retentionSeconds),
        String(DECIDED_RETENTION_SECONDS),
        assignment.id,
      ],
    )) as [string, string];
    if (outcome === 'created') return { outcome };
    if (outcome === 'limit') return { outcome, activeCount: Number(detail) };
    return { outcome: outcome as 'already-pending' | 'already-active', existingId: detail };
  }

  /** Accepts a pending assignment (with its deadline) unless `maxActive` tracks are already active. */
  async accept(
    assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>,
    input: { now: number; maxActive: number; deadlineOn: CalendarDate; deadlineAt: number },
  ): Promise<DecideAssignmentResult> {
    return this.decide(assignment, ['accept', String(input.now), String(input.maxActive), input.deadlineOn, String(input.deadlineAt)]);
  }

  /** Declines a pending assignment. */
  async decline(assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>, now: number): Promise<DecideAssignmentResult> {
    return this.decide(assignment, ['decline', String(now), '0', '', '0']);
  }

  /** Takes back a pending assignment (its link stops working). False when it was no longer pending. */
  async withdraw(assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>): Promise<boolean> {
    const withdrawn = await runRedisScript(
      this.redis,
      WITHDRAW_SCRIPT,
      [this.assignmentKey(assignment.id), this.contactKey(assignment.portalId, assignment.contactId)],
      [String(DECIDED_RETENTION_SECONDS)],
    );
    return withdrawn === 1;
  }

  async get(assignmentId: string): Promise<TrainingAssignment | null> {
    const fields = await this.redis.hgetall(this.assignmentKey(assignmentId));
    if (!fields.record) return null;
    const created = JSON.parse(fields.record) as TrainingAssignment;
    return {
      ...created,
      state: (fields.state ?? created.state) as AssignmentState,
      decidedAt: fields.decidedAt ? Number(fields.decidedAt) : null,
      deadlineOn: fields.deadlineOn || null,
      deadlineAt: fields.deadlineAt ? Number(fields.deadlineAt) : null,
    };
  }

  /** The contact's pending and active tracks. */
  async contactTracks(portalId: string, contactId: string): Promise<ContactTrackEntry[]> {
    const entries = await this.redis.hgetall(this.contactKey(portalId, contactId));
    return Object.entries(entries).map(([track, value]) => {
      const [assignmentId = '', state = 'pending', linkExpiresAt = '0'] = value.split('|');
      return { track: track as TrackId, assignmentId, state: state as 'pending' | 'active', linkExpiresAt: Number(linkExpiresAt) };
    });
  }

  /** The contact's active assignments (full records), for deadlines. */
  async activeAssignments(portalId: string, contactId: string): Promise<TrainingAssignment[]> {
    const entries = (await this.contactTracks(portalId, contactId)).filter((entry) => entry.state === 'active');
    const records = await Promise.all(entries.map((entry) => this.get(entry.assignmentId)));
    return records.filter((record): record is TrainingAssignment => record !== null);
  }

  private async decide(assignment: Pick<TrainingAssignment, 'id' | 'portalId' | 'contactId'>, args: string[]): Promise<DecideAssignmentResult> {
    const [outcome, detail] = (await runRedisScript(
      this.redis,
      DECIDE_SCRIPT,
      [this.assignmentKey(assignment.id), this.contactKey(assignment.portalId, assignment.contactId)],
      [...args, String(DECIDED_RETENTION_SECONDS)],
    )) as [string, string];
    if (outcome === 'active' || outcome === 'declined' || outcome === 'unknown') return { outcome };
    if (outcome === 'limit') return { outcome, activeCount: Number(detail) };
    return { outcome: 'used', state: detail as AssignmentState };
  }

  private assignmentKey(id: string): string {
    return `${this.prefix}:training:assignment:${id}`;
  }

  private contactKey(portalId: string, contactId: string): string {
    return `${this.prefix}:training:contact:${portalId}:${contactId}`;
  }
}
