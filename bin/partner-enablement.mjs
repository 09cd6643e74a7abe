#!/usr/bin/env node
// The `partner-enablement` command: loads the TypeScript sources through tsx, so that the
// repository runs as checked out, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
