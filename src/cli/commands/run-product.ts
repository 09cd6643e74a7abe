import { parseArgs } from 'node:util';
import { buildServices } from '../../app/build-services.js';
import { startProduct, type ProductRoles } from '../../app/start-product.js';
import { loadConfig } from '../../config.js';
import { runUntilSignal } from '../../http/run-until-signal.js';
import { READY_LINE_PREFIX } from '../../sandbox-mode/describe-sandbox-mode.js';
import { attachToSandbox } from '../../sandbox-mode/attach-to-sandbox.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_CODES } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

/** Runs web and/or worker until SIGTERM or SIGINT: the body of `start`, `web` and `worker`. */
export async function runProduct(args: string[], io: CliIo, roles: ProductRoles, usage: string): Promise<number> {
  let help = false;
  try {
    ({ values: { help = false } } = parseArgs({ args, strict: true, allowPositionals: false, options: { help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (help) {
    io.stdout.write(usage);
    return EXIT_CODES.OK;
  }
  const config = loadConfig(io.env);
  const role = roles.web && roles.worker ? 'web+worker' : roles.web ? 'web' : 'worker';

  // `start` with no token runs the whole product against a sandbox of its own (docs/interfaces.md, "Sandbox mode").
  if (config.mode === 'sandbox' && roles.web && roles.worker) {
    // Imported here, not above: a production process never loads the HubSpot emulator.
    const [{ startSandboxMode }, { describeSandboxMode }] = await Promise.all([
      import('../../sandbox-mode/start-sandbox-mode.js'),
      import('../../sandbox-mode/describe-sandbox-mode.js'),
    ]);
    const mode = await startSandboxMode(config, { role });
    await runUntilSignal([{ name: 'sandbox mode', stop: () => mode.close() }], {
      logger: mode.services.logger,
      onListening: () => io.stdout.write(describeSandboxMode(mode)),
    });
    return EXIT_CODES.OK;
  }

  // `web` or `worker` alone with no token join the sandbox mode already running beside them.
  const services = await buildServices(attachToSandbox(config), { role });
  const product = await startProduct(services, roles).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  const where = product.web ? ` at ${services.config.publicBaseUrl} (listening on port ${product.web.port})` : '';
  await runUntilSignal(product.shutdownSteps(), {
    logger: services.logger,
    // The ready line comes once SIGTERM is handled: a supervisor may stop the process on it.
    onListening: () => io.stdout.write(`${READY_LINE_PREFIX}${where}: ${role} for portal ${services.portalId}. Stop with Ctrl-C.\n`),
  });
  return EXIT_CODES.OK;
}
