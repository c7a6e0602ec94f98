import { startService } from '@ketenpad/platform';
import { municipalityAppModule, municipalityInbox, MUNICIPALITY_API } from './app.module';

startService({ ...MUNICIPALITY_API, rootModule: municipalityAppModule(), inbox: municipalityInbox() }).catch((error: unknown) => {
  process.stderr.write(`municipality failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
