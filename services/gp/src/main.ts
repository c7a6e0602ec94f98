import { runService, startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { gpAppModule, gpInbox, GP_API } from './app.module';

void runService('gp', {
  settings: [() => ResidentPseudonymiser.fromEnv()],
  start: () => startService({ ...GP_API, rootModule: gpAppModule(), inbox: gpInbox() }),
});
