import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { SessionScheduler } from './session-scheduler.js';

/** Options of {@link servePglite}. */
export interface ServePgliteOptions {
  /** Address to listen on. */
  host: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Client connections served at once; more are refused. */
  maxConnections: number;
}

/** A PGlite served over PostgreSQL's wire protocol. */
export interface PgliteServer {
  /** The port it listens on (the one picked when 0 was asked for). */
  readonly port: number;
  /** Closes every client connection — rolling back what they left open — and stops listening. */
  stop(): Promise<void>;
}

/**
 * Serves `db` on a TCP port with pglite-socket's per-connection wire handling (message framing,
 * SSL and cancel requests) but our own scheduling of the single session ({@link SessionScheduler}):
 * pglite-socket's `PGLiteSocketServer` interleaves extended-protocol batches of different
 * connections (electric-sql/pglite#1046, unfixed in 0.2.18, the latest release).
 */
export async function servePglite(db: PGlite, options: ServePgliteOptions): Promise<PgliteServer> {
  await db.waitReady;
  // The handler calls only enqueue, clearQueueForHandler and clearTransactionIfNeeded, which the
  // scheduler has; the option's declared type is pglite-socket's unexported queue class.
  const queryQueue = new SessionScheduler(db) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  let accepting = true;

  const accept = async (socket: Socket) => {
    if (!accepting) {
      socket.destroy();
      return;
    }
    if (handlers.size >= options.maxConnections) {
      socket.end('Too many connections\n');
      return;
    }
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    // A handler that errors detaches itself without emitting 'close'.
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    try {
      await handler.attach(socket);
    } catch {
      handlers.delete(handler);
      socket.destroy();
    }
  };

  const server = createServer((socket) => void accept(socket));
  server.maxConnections = options.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    stop() {
      stopping ??= (async () => {
        accepting = false;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([...handlers].map((handler) => handler.detach(true)));
        handlers.clear();
        await closed;
      })();
      return stopping;
    },
  };
}
