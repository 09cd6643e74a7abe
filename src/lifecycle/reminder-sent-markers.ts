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
 * the certification does, when no plan can produce that reminder again. Their values are kept tiny
 * (the claim time, then the task id; the audit trail has the rest): a marker is about 190 bytes of
 * Redis, so even 4 markers for each of 100,000 certifications stay under 80 MB.
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
    const taken = await this.redis.set(this.keyOf(portalId, key), `taken|${now}`, 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
    return taken === 'OK';
  }

  /** Gives a marker back when nothing was sent after all (the task could not be created). */
  async giveBack(portalId: string, key: string): Promise<void> {
    await this.redis.del(this.keyOf(portalId, key));
  }

  /** Records the task the reminder created under its marker, keeping the marker's expiry. */
  async recordSent(portalId: string, key: string, taskId: string): Promise<void> {
    await this.redis.set(this.keyOf(portalId, key), `sent|${taskId}`, 'KEEPTTL', 'XX');
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

  /** `taken|<ms>` while sending, `sent|<task id>` once sent, null when never sent. */
  async read(portalId: string, key: string): Promise<string | null> {
    return this.redis.get(this.keyOf(portalId, key));
  }

  private keyOf(portalId: string, key: string): string {
    return `${this.prefix}:${portalId}:${key}`;
  }
}
