import { runService, startService } from '@ketenpad/platform';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { loadAccessLogSources } from './adapters/http-client/access-log-sources.config';
import { loadResidentCryptoKeys } from './adapters/persistence/resident-crypto.config';
import { municipalityAppModule, municipalityInbox, MUNICIPALITY_API } from './app.module';

void runService('municipality', {
  settings: [() => loadResidentCryptoKeys(), () => loadAccessLogSources(), () => ResidentPseudonymiser.fromEnv()],
  start: () => startService({ ...MUNICIPALITY_API, rootModule: municipalityAppModule(), inbox: municipalityInbox() }),
});
