import { applySecretFiles, checkSettings, exitAfterFailedStart, JsonLogger } from '@ketenpad/runtime';
import { loadPortalConfig } from './config/portal.config';
import { createPortalApp } from './portal.app';

/**
 * Starts the portal on `PORTAL_PORT` (or `PORT`, default 3100), after reading
 * secrets given as files and checking every setting (all problems in one
 * message). Nest's shutdown hooks close it on SIGTERM/SIGINT; open live
 * streams are cut so it stops promptly.
 */
async function main(): Promise<void> {
  const [, config] = checkSettings([() => applySecretFiles(process.env), () => loadPortalConfig()]);
  const logger = new JsonLogger('portal');
  const app = await createPortalApp(config, logger);
  await app.listen(config.port, config.host);
  logger.log(`portal listening on ${await app.getUrl()} (public URL ${config.publicUrl})`, {
    signIn: [config.devSignIn ? 'dev' : undefined, config.oidc ? 'oidc' : undefined].filter(Boolean),
  });
}

main().catch((error: unknown) => exitAfterFailedStart('portal', error));
