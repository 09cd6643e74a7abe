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
}

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
  const server = http.createServer(options.app);
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
