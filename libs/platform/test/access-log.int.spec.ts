import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { correlation } from '@ketenpad/runtime';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared test harness (databases) is for tests only
import { createTestDatabase, type TestDatabase } from '@ketenpad/testing';
import { AccessLog, accessLogMigrations, purposeOf } from '../src';

const counsellor: Principal = {
  subject: 'user-7f3a',
  organisation: { id: 'GM0363', kind: 'municipality', municipalityCode: 'GM0363' },
  roles: ['counsellor'],
};

describe('the access log', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let log: AccessLog;

  beforeAll(async () => {
    database = await createTestDatabase('platform_access_log');
    dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: accessLogMigrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
    log = new AccessLog(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('records who read what of which pathway, why and under which correlation id, and answers per pathway in order', async () => {
    // given
    const pathwayId = randomUUID();
    const other = randomUUID();

    // when
    await correlation.run('corr-123', () =>
      log.record(
        counsellor,
        [{ pathwayId, resource: 'timeline', classifications: ['chain', 'legal'] }],
        'schuldhulpverlening',
      ),
    );
    await log.record(counsellor, [{ pathwayId: other, resource: 'summary' }], 'ketenregie');
    await log.record(counsellor, [{ pathwayId, resource: 'summary' }], 'ketenregie');

    // then
    const records = await log.forPathway(pathwayId);
    expect(records.map((r) => [r.resource, r.purpose, r.classifications, r.correlationId])).toEqual([
      ['timeline', 'schuldhulpverlening', ['chain', 'legal'], 'corr-123'],
      ['summary', 'ketenregie', [], null],
    ]);
    expect(records[0]).toMatchObject({
      pathwayId,
      subject: 'user-7f3a',
      organisationId: 'GM0363',
      organisationKind: 'municipality',
      roles: ['counsellor'],
    });
    expect(Date.parse(records[0]!.occurredAt)).not.toBeNaN();
  });

  it('cannot be altered: update, delete and truncate are rejected and the rows stay', async () => {
    // given
    const pathwayId = randomUUID();
    await log.record(counsellor, [{ pathwayId, resource: 'timeline' }], 'ketenregie');

    // when / then
    await expect(
      dataSource.query(`UPDATE access_log SET subject = 'someone-else' WHERE pathway_id = $1`, [pathwayId]),
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(dataSource.query(`DELETE FROM access_log WHERE pathway_id = $1`, [pathwayId])).rejects.toThrow(
      /append-only: DELETE/,
    );
    await expect(dataSource.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only: TRUNCATE/);
    const [record] = await log.forPathway(pathwayId);
    expect(record?.subject).toBe('user-7f3a');
  });

  it('records a read of more pathways than one statement can carry (an export of 12,000 pathways)', async () => {
    // given
    const pathwayIds = Array.from({ length: 12_000 }, () => randomUUID());

    // when
    await log.record(
      counsellor,
      pathwayIds.map((pathwayId) => ({ pathwayId, resource: 'ddas-export' })),
      'ddas-statistics',
    );

    // then
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM access_log WHERE resource = 'ddas-export'`,
    ));
    expect(count).toBe(12_000);
    expect((await log.forPathway(pathwayIds[11_999]!))[0]?.purpose).toBe('ddas-statistics');
  });

  it('takes a stated purpose only when it is a short code, otherwise the endpoint default', () => {
    expect(purposeOf({ headers: { 'x-ketenpad-purpose': 'budget-coaching' } }, 'default')).toBe('budget-coaching');
    expect(purposeOf({ headers: { 'x-ketenpad-purpose': 'Jan Jansen, BSN 123' } }, 'default')).toBe('default');
    expect(purposeOf({ headers: {} }, 'default')).toBe('default');
  });
});
