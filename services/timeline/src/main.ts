import { startService } from '@ketenpad/platform';
import { timelineAppModule, timelineInbox, TIMELINE_API } from './app.module';

startService({ ...TIMELINE_API, rootModule: timelineAppModule(), inbox: timelineInbox() }).catch((error: unknown) => {
  process.stderr.write(`timeline failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
