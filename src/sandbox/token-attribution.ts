import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { ChangeSource } from './crm-store.js';
import { unauthorizedBody } from './hubspot-error-bodies.js';

/**
 * The sandbox's two bearer tokens: the app's token, whose writes HubSpot attributes to the app
 * (`INTEGRATION`, `sourceId` = app id), and a user's token, whose writes stand for edits a person
 * makes in HubSpot's UI (`CRM_UI`, `sourceId` = `userId:N`), so they reach the app as a user's
 * change would.
 */
export interface SandboxTokens {
  appToken: string;
  appId: string;
  userToken: string;
  userId: number;
}

const writer = new AsyncLocalStorage<ChangeSource>();
const SOURCE_KEY = 'sandboxChangeSource';

/** Accepts either token (anything else is HubSpot's 401) and remembers whom the request acts for. */
export function authenticateTokens(tokens: SandboxTokens) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization ?? '';
    if (header === `Bearer ${tokens.appToken}`) {
      res.locals[SOURCE_KEY] = { kind: 'INTEGRATION', appId: tokens.appId } satisfies ChangeSource;
    } else if (header === `Bearer ${tokens.userToken}`) {
      res.locals[SOURCE_KEY] = { kind: 'CRM_UI', userId: tokens.userId } satisfies ChangeSource;
    } else {
      res.status(401).json(unauthorizedBody());
      return;
    }
    next();
  };
}

/**
 * Runs the rest of the request with its writer in scope, so every write the routes make is
 * attributed to it. Mount after the body parser: the route handlers then run inside this call.
 */
export function attributeWrites() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const source = res.locals[SOURCE_KEY] as ChangeSource | undefined;
    if (!source) return next();
    writer.run(source, next);
  };
}

/** Whom the current request acts for; undefined outside a request (set-up, seeding). */
export function currentWriter(): ChangeSource | undefined {
  return writer.getStore();
}
