import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from '../logger.js';

export interface StartWebOptions {
  app: Express;
  /** `PORT`; 0 picks a free port (tests). */
  port: number;
  /** Interface to listen on. Default all interfaces. */
  host?: string;
  logger: Logger;
  /**
   * How long `close()` waits for requests in progress before cutting their connections.
   * Default 10,000 ms (a webhook answers in milliseconds; HubSpot gives up after 5 s).
   */
  closeGraceMs?: number;
  /**
   * How long a client may take to send a request's headers before it is answered 408 and its
   * connection closed. Default 10,000 ms: HubSpot sends a whole request in milliseconds, and a
   * connection that dribbles headers only holds a socket.
   */
  headersTimeoutMs?: number;
  /**
   * How long a client may take to send a whole request, body included (a body shorter than its
   * `Content-Length` never ends by itself). Default 30,000 ms: a 1 MB body, the largest any route
   * reads, arrives in well under a second. Answering the request is not limited by it.
   */
  requestTimeoutMs?: number;
}

/** How often Node checks open requests against the two timeouts above, at most. */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface WebServer {
  readonly server: http.Server;
  /** `http://127.0.0.1:<port>` — where the server listens (not the public URL). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, lets requests in progress finish, then closes. */
  close(): Promise<void>;
}

/** Listens with the app; resolves once the port is open. */
export async function startWeb(options: StartWebOptions): Promise<WebServer> {
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 30_000, headersTimeout);
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node's default (30 s) would let a stalled request live up to twice its timeout.
      connectionsCheckingInterval: Math.min(MAX_TIMEOUT_CHECK_INTERVAL_MS, headersTimeout),
    },
    options.app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const logger = options.logger.child({ component: 'web' });
  logger.info({ port }, 'web server listening');
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const grace = setTimeout(() => {
          logger.warn('requests still open after the grace period; closing their connections');
          server.closeAllConnections();
        }, options.closeGraceMs ?? 10_000);
        // Keep-alive connections hold close() open: drop each one as soon as its request is answered.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(grace);
          clearInterval(sweep);
          logger.info('web server stopped');
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
