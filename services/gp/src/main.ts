import { startService } from '@ketenpad/platform';
import { gpAppModule, gpInbox, GP_API } from './app.module';

startService({ ...GP_API, rootModule: gpAppModule(), inbox: gpInbox() }).catch((error: unknown) => {
  process.stderr.write(`gp failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
