import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, type TestDatabase } from '@ketenpad/testing';
import { municipalityAppModule, MUNICIPALITY_API } from '../src/app.module';

/** The municipality service in-process on its own test database, and a SQL client on that database. */
export interface MunicipalityUnderTest {
  readonly baseUrl: string;
  readonly db: Client;
  stop(): Promise<void>;
}

/** Starts the service on a fresh database named after `databasePrefix` (one per test file), with the dev broker. */
export async function startMunicipality(databasePrefix: string): Promise<MunicipalityUnderTest> {
  const database: TestDatabase = await createTestDatabase(databasePrefix);
  const app: INestApplication = await startService({
    ...MUNICIPALITY_API,
    rootModule: municipalityAppModule({
      config: { kafkaBrokers: kafkaBrokers(), databaseUrl: database.url },
      databaseName: database.name,
    }),
    port: 0,
  });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  return {
    baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    db,
    stop: async () => {
      await db.end();
      await app.close();
      await database.drop();
    },
  };
}
