import { runService, startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { socialWorkAppModule, socialWorkInbox, SOCIAL_WORK_API } from './app.module';

void runService('social-work', {
  settings: [() => ResidentPseudonymiser.fromEnv()],
  start: () => startService({ ...SOCIAL_WORK_API, rootModule: socialWorkAppModule(), inbox: socialWorkInbox() }),
});
