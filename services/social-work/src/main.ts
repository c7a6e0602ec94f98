import { startService } from '@ketenpad/platform';
import { socialWorkAppModule, socialWorkInbox, SOCIAL_WORK_API } from './app.module';

startService({ ...SOCIAL_WORK_API, rootModule: socialWorkAppModule(), inbox: socialWorkInbox() }).catch((error: unknown) => {
  process.stderr.write(`social-work failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
