import { runService, startService } from '@ketenpad/platform';
import { timelineAppModule, timelineInbox, TIMELINE_API } from './app.module';
import { bottleneckConfigFromEnv } from './application/bottleneck.config';

void runService('timeline', {
  settings: [() => timelineInbox(), () => bottleneckConfigFromEnv()],
  start: () => startService({ ...TIMELINE_API, rootModule: timelineAppModule(), inbox: timelineInbox() }),
});
