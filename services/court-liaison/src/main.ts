import { runService, startService } from '@ketenpad/platform';
import { courtLiaisonAppModule, courtLiaisonInbox, COURT_LIAISON_API } from './app.module';
import { schedulerIntervalFromEnv } from './court-liaison.module';

void runService('court-liaison', {
  settings: [() => schedulerIntervalFromEnv(process.env)],
  start: () => startService({ ...COURT_LIAISON_API, rootModule: courtLiaisonAppModule(), inbox: courtLiaisonInbox() }),
});
