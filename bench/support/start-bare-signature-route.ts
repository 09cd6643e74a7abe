import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { verifyV3 } from '../../src/hubspot/webhook-signature.js';

export interface BareRoute {
  /** Where the route listens: `http://127.0.0.1:<port>/hubspot/webhooks`. */
  url: string;
  close(): Promise<void>;
}

export interface BareRouteOptions {
  secret: string;
  /** The public URL the signatures are made for (the product's PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /**
   * Also `JSON.parse` the body and answer 400 when it is not an array: the least any route that
   * honours docs/interfaces.md, "Signatures and bad requests" (400 for a body the route does not
   * accept) must do. Default false.
   */
  parseJson?: boolean;
}

/**
 * The baseline of the webhook-acknowledgement bench: an Express route that reads the raw body,
 * checks the v3 signature (against the same public URL as the product, so the same signed
 * requests pass) and answers 200 — and does nothing else: no parsing, no queueing, no logs.
 */
export async function startBareSignatureRoute(options: BareRouteOptions): Promise<BareRoute> {
  const app = express();
  app.disable('x-powered-by');
  app.post('/hubspot/webhooks', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    try {
      verifyV3({
        secret: options.secret,
        method: req.method,
        url: `${options.publicBaseUrl}${req.originalUrl}`,
        rawBody: req.body as Buffer,
        signature: req.get('x-hubspot-signature-v3'),
        timestamp: req.get('x-hubspot-request-timestamp'),
      });
    } catch {
      res.status(401).end();
      return;
    }
    if (options.parseJson) {
      let body: unknown;
      try {
        body = JSON.parse((req.body as Buffer).toString('utf8'));
      } catch {
        body = undefined;
      }
      if (!Array.isArray(body)) {
        res.status(400).end();
        return;
      }
    }
    res.status(200).end();
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hubspot/webhooks`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
