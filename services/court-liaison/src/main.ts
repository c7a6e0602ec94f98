import { startService } from '@ketenpad/platform';
import { courtLiaisonAppModule, courtLiaisonInbox, COURT_LIAISON_API } from './app.module';

startService({ ...COURT_LIAISON_API, rootModule: courtLiaisonAppModule(), inbox: courtLiaisonInbox() }).catch(
  (error: unknown) => {
    process.stderr.write(`court-liaison failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
