/**
 * Fault injection for the crash tests: when `PARTNER_ENABLEMENT_CRASH_AT` names this point, the
 * process kills itself with SIGKILL right here, as a power cut would — no `finally`, no shutdown.
 * Read from the environment at the line itself (not through config.ts) because it is a test hook
 * the product never sets; unset, it costs one property read.
 */
export function crashPoint(name: string): void {
  if (process.env.PARTNER_ENABLEMENT_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
