import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setupTestInfrastructure, teardownTestInfrastructure } from '@ketenpad/testing';
import { startChain, type Chain, type ChainService } from './chain.stack';
import { ServiceProcess } from './service.process';

const root = join(__dirname, '../..');

/** What the browser tests need to know about the running stack. */
export interface PortalStackState {
  portalUrl: string;
  services: Partial<Record<ChainService, string>>;
}

export interface PortalStack extends PortalStackState {
  stop(): Promise<void>;
}

/** The environment variable of the portal's upstream base URL for a service (`PORTAL_UPSTREAM_SOCIAL_WORK`). */
function upstreamVariable(service: ChainService): string {
  return `PORTAL_UPSTREAM_${service.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * The portal as a user meets it: the dev broker, every chain service as its own
 * process on its own PostgreSQL database, and the portal (BFF + built web app)
 * pointed at them. With `demoPathways`, `ketenpad demo` loads that many pathways
 * through the public APIs first, so the coordinator dashboard has figures.
 */
export async function startPortalStack(options: { demoPathways?: number } = {}): Promise<PortalStack> {
  await setupTestInfrastructure();
  let chain: Chain | undefined;
  try {
    chain = await startChain({
      services: ['municipality', 'social-work', 'court-liaison', 'gp', 'timeline', 'partner-gateway'],
    });
    const upstreams = Object.fromEntries(
      (Object.entries(chain.url) as [ChainService, string][]).map(([service, url]) => [upstreamVariable(service), url]),
    );
    const portal = await ServiceProcess.start('portal', { ...upstreams, LOG_LEVEL: 'warn' });
    if (options.demoPathways) await loadDemo(chain, options.demoPathways);
    const running = chain;
    return {
      portalUrl: portal.url,
      services: running.url,
      stop: async () => {
        await portal.stop();
        await running.stop();
        await teardownTestInfrastructure();
      },
    };
  } catch (error) {
    await chain?.stop();
    await teardownTestInfrastructure();
    throw error;
  }
}

/** `ketenpad demo` against the test chain, exactly as a user runs it after `npm start`. */
/** Returns what the demo printed. */
export async function loadDemo(chain: Chain, pathways: number): Promise<string> {
  const urls = Object.fromEntries(
    (Object.entries(chain.url) as [ChainService, string][]).map(([service, url]) => [
      `KETENPAD_${service.toUpperCase().replace(/-/g, '_')}_URL`,
      url,
    ]),
  );
  const cli = join(root, 'infra/cli/bin/ketenpad.js');
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'demo', '--pathways', String(pathways), '--seed', '14'], {
      cwd: root,
      env: { ...process.env, ...urls },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`ketenpad demo exited with ${code}:\n${output}`)),
    );
  });
}
