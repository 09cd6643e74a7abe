import path from 'node:path';
import type { Config } from '../config.js';

/**
 * Where sandbox mode saves the emails it does not send (no `SMTP_URL`): an `outbox` folder beside
 * the sandbox state file, `.partner-enablement/outbox/` by default.
 */
export function outboxDirectory(config: Pick<Config, 'sandboxStateFile'>): string {
  return path.join(path.dirname(path.resolve(config.sandboxStateFile)), 'outbox');
}
