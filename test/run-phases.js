#!/usr/bin/env node
// `npm test`: every phase runs even when an earlier one failed, so one red
// phase never hides the others; the summary at the end lists each phase's
// result and the exit code is non-zero when any failed.
// In CI (CI=true) Nx reads no cache: a fresh clone must lint, build and test
// everything itself, whatever an earlier run on the same machine left behind.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const ci = !!process.env.CI && process.env.CI !== 'false';

const phases = [
  {
    name: 'lint, build and unit/integration tests (Nx)',
    command: [bin('nx'), 'run-many', '-t', 'lint', 'build', 'test', ...(ci ? ['--skip-nx-cache'] : [])],
  },
  { name: 'end-to-end tests (jest, test/)', command: [bin('jest'), '-c', 'jest.e2e.config.js'] },
  {
    name: 'portal browser tests (Playwright, Debian Chromium)',
    command: [bin('playwright'), 'test', '-c', 'services/portal/e2e/playwright.config.ts'],
  },
  { name: 'fault suite, quick (jest, test/faults/)', command: [bin('jest'), '-c', 'jest.faults.config.js'] },
];

const only = process.argv.slice(2);
const results = [];
for (const [index, phase] of phases.entries()) {
  if (only.length > 0 && !only.includes(String(index + 1))) continue;
  process.stdout.write(`\n=== phase ${index + 1}/${phases.length}: ${phase.name} ===\n`);
  const started = Date.now();
  const [command, ...args] = phase.command;
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ phase, ok: run.status === 0, detail: run.error ? run.error.message : `exit ${run.status ?? run.signal}`, seconds });
}

process.stdout.write('\n=== npm test summary ===\n');
for (const r of results) process.stdout.write(`${r.ok ? 'passed' : 'FAILED'}  ${r.phase.name} (${r.detail}, ${r.seconds} s)\n`);
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
