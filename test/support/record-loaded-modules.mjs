// Preloaded with `node --import` by tests that check which source files a process loads: every
// module URL of the repository's src/ that is resolved is appended, one per line, to the file
// named by LOADED_MODULES_FILE.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.LOADED_MODULES_FILE;
if (file) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      if (resolved.url.includes('/src/')) appendFileSync(file, `${resolved.url}\n`);
      return resolved;
    },
  });
}
