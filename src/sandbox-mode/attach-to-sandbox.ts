import path from 'node:path';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { readSandboxState } from './sandbox-state-file.js';

/**
 * The configuration for a command that works on the running product (`recalc`, `audit`, `web`,
 * `worker`). With an access token, the configuration as it is. Without one (sandbox mode), the
 * sandbox HubSpot and Redis of the `npm start` running beside it, found through its state file;
 * when none is running, `INVALID_CONFIG` saying how to get one.
 */
export function attachToSandbox(config: Config): Config {
  if (config.mode === 'hubspot') return config;
  const state = readSandboxState(path.resolve(config.sandboxStateFile));
  if (!state) {
    throw new AppError(
      'INVALID_CONFIG',
      'No HUBSPOT_ACCESS_TOKEN is set and no sandbox mode is running: start one with `npm start` (it runs the sandbox HubSpot with demo partners), or set HUBSPOT_ACCESS_TOKEN and HUBSPOT_CLIENT_SECRET to work on your portal.',
    );
  }
  return {
    ...config,
    mode: 'sandbox',
    publicBaseUrl: state.serverUrl,
    redisUrl: state.redisUrl,
    databaseUrl: state.databaseUrl,
    hubspot: {
      ...config.hubspot,
      accessToken: state.accessToken,
      clientSecret: state.clientSecret,
      previousClientSecret: undefined,
      appId: state.appId,
      portalId: state.portalId,
      apiBaseUrl: state.sandboxUrl,
    },
  };
}
