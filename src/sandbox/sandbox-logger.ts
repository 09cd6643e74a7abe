/** Minimal structured logger (pino's shape). The sandbox never logs tokens or secrets. */
export interface SandboxLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  debug(object: object, message?: string): void;
}
