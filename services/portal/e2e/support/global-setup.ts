import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set for the tests: where the portal runs and the services behind it (see stack.launcher.js). */
export const STATE_FILE_ENV = 'KETENPAD_PORTAL_E2E_STATE';

/**
 * Starts the real stack (dev broker, six services as processes on PostgreSQL,
 * the portal, demo data) once for the whole run; the returned function stops it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stateFile = join(mkdtempSync(join(tmpdir(), 'ketenpad-portal-e2e-')), 'stack.json');
  const launcher = spawn(process.execPath, [join(__dirname, 'bin', 'stack.launcher.js'), stateFile], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: process.env,
  });
  const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
  const deadline = Date.now() + 240_000;
  while (!existsSync(stateFile)) {
    if (launcher.exitCode !== null)
      throw new Error(`the portal stack exited with ${launcher.exitCode} before it was up`);
    if (Date.now() > deadline) {
      launcher.kill('SIGKILL');
      throw new Error('the portal stack did not come up within 240 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  process.env[STATE_FILE_ENV] = stateFile;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { portalUrl: string };
  process.env.PORTAL_URL = state.portalUrl;
  return async () => {
    launcher.kill('SIGTERM');
    const timeout = setTimeout(() => launcher.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timeout);
  };
}
