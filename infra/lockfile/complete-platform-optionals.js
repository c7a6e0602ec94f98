#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages that
// npm could not resolve. Why: the registry mirror on our machines serves only
// some platforms' binaries (e.g. no @swc/core-darwin-arm64); `npm install` then
// silently leaves those optional packages out of the lock, and `npm ci` rejects
// the lock as out of sync with package.json. Recording them with their os/cpu
// constraints (derived from the package name, as these packages are named)
// makes the lock complete; npm ci skips them on platforms they are not for.
// Run after `npm install` changes the lock: `node infra/lockfile/complete-platform-optionals.js`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, '../../package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = { x64: 'x64', arm64: 'arm64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', wasm32: 'wasm32' };

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  if (!os || !cpu) return undefined;
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc: [libc] } : {}) };
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    // Resolve as Node does: nested node_modules first, then up to the root.
    const candidates = [];
    let dir = location;
    for (;;) {
      candidates.push(`${dir ? `${dir}/` : ''}node_modules/${dep}`);
      if (!dir) break;
      const idx = dir.lastIndexOf('/node_modules/');
      dir = idx === -1 ? '' : dir.slice(0, idx);
    }
    if (candidates.some((c) => packages[c])) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    packages[`node_modules/${dep}`] = { version, ...platform, optional: true };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`added ${added} platform-specific optional packages to package-lock.json\n`);
