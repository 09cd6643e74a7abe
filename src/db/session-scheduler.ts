import type { PGlite } from '@electric-sql/pglite';
import { ReadyForQueryReader, type TransactionStatus } from './ready-for-query-reader.js';

interface PendingMessage {
  connectionId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
  /** Sent by the connection, as opposed to the scheduler's own clean-up after it left. */
  fromClient: boolean;
}

// A message no backend can run: it puts a half-sent batch into the error state, so the Sync after
// it rolls back the batch's implicit transaction instead of committing it.
const EXECUTE_MISSING_PORTAL = frontendMessage('E', [...cString('partner_enablement_no_such_portal'), 0, 0, 0, 0]);
const SYNC = frontendMessage('S', []);
const ROLLBACK = frontendMessage('Q', cString('ROLLBACK'));

/**
 * Runs the frontend messages of every client connection on PGlite's single session, giving the
 * session to one connection at a time: from the first message it takes until the backend answers
 * ReadyForQuery with status idle ('I'). An extended-protocol batch (Parse/Bind/Describe/Execute/
 * Sync) therefore runs whole, and so does a transaction ('T' or 'E'); other connections' messages
 * wait in arrival order. pglite-socket's own queue pins a connection only while a transaction is
 * open and lets batches interleave on the unnamed statement (electric-sql/pglite#1046), which
 * binds one client's parameters to another's statement.
 *
 * It has the shape `PGLiteSocketHandler` calls (`enqueue`, `clearQueueForHandler`,
 * `clearTransactionIfNeeded`), so pglite-socket keeps the wire handling.
 */
export class SessionScheduler {
  private queue: PendingMessage[] = [];
  private owner: number | undefined;
  private draining = false;
  private readonly releases = new Map<number, Promise<void>>();

  constructor(private readonly db: PGlite) {}

  /** Queues one complete frontend message of a connection; resolves with the bytes answered once it ran. */
  enqueue(connectionId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ connectionId, message, onData, resolve, reject, fromClient: true });
      void this.drain();
    });
  }

  /** Drops the messages of a connection that went away. */
  clearQueueForHandler(connectionId: number): void {
    const isDropped = (pending: PendingMessage) => pending.connectionId === connectionId && pending.fromClient;
    const dropped = this.queue.filter(isDropped);
    this.queue = this.queue.filter((pending) => !isDropped(pending));
    for (const pending of dropped) pending.reject(new Error('Connection closed'));
  }

  /**
   * Hands the session on when the connection that went away held it: what it left unfinished —
   * a half-sent batch, an open or failed transaction — is rolled back, as PostgreSQL does for a
   * client that disconnects, before another connection runs.
   */
  clearTransactionIfNeeded(connectionId: number): Promise<void> {
    if (this.owner !== connectionId) return Promise.resolve();
    let release = this.releases.get(connectionId);
    if (!release) {
      release = this.runFirst(connectionId, EXECUTE_MISSING_PORTAL)
        .then(() => this.runFirst(connectionId, SYNC))
        .then((status) => (status === 'I' ? undefined : this.runFirst(connectionId, ROLLBACK)))
        .then(
          () => this.release(connectionId),
          () => this.release(connectionId),
        );
      this.releases.set(connectionId, release);
    }
    return release;
  }

  private release(connectionId: number): void {
    this.releases.delete(connectionId);
    if (this.owner === connectionId) this.owner = undefined;
    void this.drain();
  }

  /** Runs a message of the owning connection ahead of its queued ones; resolves with the status it left. */
  private runFirst(connectionId: number, message: Uint8Array): Promise<TransactionStatus | undefined> {
    return new Promise((resolve, reject) => {
      let status: TransactionStatus | undefined;
      const reader = new ReadyForQueryReader();
      const onData = (data: Uint8Array) => {
        status = reader.read(data) ?? status;
      };
      this.queue.unshift({ connectionId, message, onData, resolve: () => resolve(status), reject, fromClient: false });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.takeNext(); next; next = this.takeNext()) await this.run(next);
    } finally {
      this.draining = false;
    }
  }

  private takeNext(): PendingMessage | undefined {
    const index = this.owner === undefined ? 0 : this.queue.findIndex((pending) => pending.connectionId === this.owner);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async run(pending: PendingMessage): Promise<void> {
    this.owner = pending.connectionId;
    const reader = new ReadyForQueryReader();
    let status: TransactionStatus | undefined;
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(pending.message, {
          onRawData: (data) => {
            bytes += data.length;
            status = reader.read(data) ?? status;
            pending.onData(data);
          },
        }),
      );
    } catch (error) {
      // The session stays with the connection: its handler closes it, and the release resets the session.
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (status === 'I') this.owner = undefined;
    pending.resolve(bytes);
  }
}

function cString(text: string): number[] {
  return [...Buffer.from(text, 'utf8'), 0];
}

function frontendMessage(type: string, body: number[]): Uint8Array {
  const message = Buffer.alloc(5 + body.length);
  message.write(type, 0, 'latin1');
  message.writeInt32BE(4 + body.length, 1);
  Buffer.from(body).copy(message, 5);
  return new Uint8Array(message);
}
