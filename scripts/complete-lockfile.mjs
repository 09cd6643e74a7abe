#!/usr/bin/env node
// The registry these machines install from serves only the Linux builds of platform-specific
// optional packages (esbuild, rollup, msgpackr, …). `npm install` then leaves the other
// platforms' entries out of package-lock.json, and `npm ci` refuses the lock file as out of sync.
// This adds those entries back as a normal registry would have written them: optional, for
// their own os/cpu, so npm skips them on Linux and installs them elsewhere.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'netbsd', 'sunos', 'win32', 'aix', 'openharmony', 'wasm32'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 's390x', 'riscv64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p)) ?? (parts.includes('darwin') ? 'darwin' : undefined);
  const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes('eabi') || parts.includes('gnueabihf') ? 'arm' : undefined);
  const platform = {};
  if (os && os !== 'wasm32') platform.os = [os === 'win32' ? 'win32' : os];
  if (cpu && cpu !== 'wasm32') platform.cpu = [cpu];
  if (name.endsWith('wasm32-wasi') || name.includes('-wasm')) platform.cpu = ['wasm32'];
  return platform;
}

/** Where node would find `name` from the package at `location` (nested first, then up). */
function resolves(location, name) {
  let base = location;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return true;
    if (!base) return false;
    const index = base.lastIndexOf('/node_modules/');
    base = index === -1 ? '' : base.slice(0, index);
  }
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, name)) continue;
    if (!/^\d+\.\d+\.\d+/.test(spec)) continue; // only exact versions can be written down
    const target = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    const rootTarget = `node_modules/${name}`;
    const key = packages[rootTarget] ? target : rootTarget;
    packages[key] = {
      version: spec,
      ...(entry.dev ? { dev: true } : {}),
      ...(entry.devOptional ? { devOptional: true } : {}),
      optional: true,
      ...platformOf(name),
    };
    added += 1;
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform entries`);
