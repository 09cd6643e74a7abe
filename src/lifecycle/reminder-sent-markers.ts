import type { Redis } from 'ioredis';

/** Options of {@link ReminderSentMarkers}. */
export interface ReminderSentMarkersOptions {
  /** Key prefix shared with the rest of the app. Default `pe`. */
  prefix?: string;
}

/**
 * One marker per renewal reminder (`reminderKey`: contact, certification, expiry date, offset),
 * taken with SET NX before anything is sent: whichever worker takes it sends, every other one (a
 * second worker, a retried job, a restart) finds it and sends nothing. Markers expire a little after
 * the certification does, when no plan can produce that reminder again.
 */
export class ReminderSentMarkers {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    options: ReminderSentMarkersOptions = {},
  ) {
    this.prefix = `${options.prefix ?? 'pe'}:lifecycle:sent`;
  }

  /** Takes the marker; false when someone already has. */
  async take(portalId: string, key: string, ttlSeconds: number, now: number): Promise<boolean> {
    const taken = await this.redis.set(this.keyOf(portalId, key), JSON.stringify({ takenAt: now }), 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
    return taken === 'OK';
  }

  /** Gives a marker back when nothing was sent after all (the task could not be created). */
  async giveBack(portalId: string, key: string): Promise<void> {
    await this.redis.del(this.keyOf(portalId, key));
  }

  /** Records what was sent under the marker (task id, email transport), keeping its expiry. */
  async recordSent(portalId: string, key: string, sent: Record<string, unknown>): Promise<void> {
    await this.redis.set(this.keyOf(portalId, key), JSON.stringify(sent), 'KEEPTTL', 'XX');
  }

  /** For each key, whether its marker exists. */
  async taken(portalId: string, keys: readonly string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.exists(this.keyOf(portalId, key));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return value === 1;
    });
  }

  /** What was recorded for a reminder, or null when it was never sent. */
  async read(portalId: string, key: string): Promise<Record<string, unknown> | null> {
    const value = await this.redis.get(this.keyOf(portalId, key));
    return value === null ? null : (JSON.parse(value) as Record<string, unknown>);
  }

  private keyOf(portalId: string, key: string): string {
    return `${this.prefix}:${portalId}:${key}`;
  }
}
