import { messagingMigrations } from '@ketenpad/messaging';
import type { Principal } from '@ketenpad/auth';
import { AccessLog, accessLogMigrations } from '@ketenpad/platform';
import { EventCodec } from '@ketenpad/events';
import { OutboxWriter } from '@ketenpad/messaging';
import { createServiceDataSource, type ServiceDatabase } from '@ketenpad/persistence';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, type TestDatabase } from '@ketenpad/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { BsnBlindIndex } from '../adapters/persistence/bsn.blind-index';
import { MUNICIPALITY_ENTITIES, MUNICIPALITY_MIGRATIONS } from '../adapters/persistence/municipality.schema';
import { PathwayRepository } from '../adapters/persistence/pathway.repository';
import { ResidentDataCipher } from '../adapters/persistence/resident-data.cipher';
import { Bsn } from '../domain/bsn';
import { WorkingDayCalendar } from '@ketenpad/calendar';
import { WgsDeadlinePolicy } from '@ketenpad/calendar';
import { DomainRuleViolation } from '../domain/domain-rule-violation';
import { PathwayNotFound, ResidentHasOpenPathway } from './application.errors';
import { Clock } from '@ketenpad/runtime';
import { PathwayCommandHandler } from './pathway.command-handler';
import { PathwayQueries } from './pathway.query';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

const readerOf = (code: string) => ({
  principal: {
    subject: `c-${code}`,
    organisation: { id: code, kind: 'municipality', municipalityCode: code },
    roles: ['counsellor'],
  } as Principal,
  purpose: 'debt-assistance',
});
const amsterdam = readerOf('GM0363');
const utrecht = readerOf('GM0344');

describe('PathwayCommandHandler on PostgreSQL', () => {
  let testDb: TestDatabase;
  let db: ServiceDatabase;
  let handler: PathwayCommandHandler;
  let queries: PathwayQueries;

  beforeAll(async () => {
    testDb = await createTestDatabase('municipality_handler');
    db = await createServiceDataSource({
      service: 'municipality',
      databaseUrl: testDb.url,
      databaseName: testDb.name,
      entities: MUNICIPALITY_ENTITIES,
      migrations: [...messagingMigrations, ...accessLogMigrations, ...MUNICIPALITY_MIGRATIONS],
      poolSize: 2,
    });
    const repository = new PathwayRepository(new ResidentDataCipher(randomBytes(32)), new BsnBlindIndex(randomBytes(32)), ResidentPseudonymiser.withKey(randomBytes(32)));
    const rules = { deadlines: new WgsDeadlinePolicy(WorkingDayCalendar.netherlands()) };
    const clock = new FixedClock(new Date('2025-03-03T09:00:00Z'));
    handler = new PathwayCommandHandler(db.dataSource, new OutboxWriter(EventCodec.shared()), clock, repository, rules);
    queries = new PathwayQueries(db.dataSource, repository, new AccessLog(db.dataSource));
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const outboxOf = async (pathwayId: string): Promise<Array<{ type: string; topic: string; event: Record<string, unknown> }>> => {
    const rows: Array<{ type: string; topic: string; payload: Buffer }> = await db.dataSource.query(
      `SELECT type, topic, payload FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [pathwayId],
    );
    return rows.map((r) => ({ type: r.type, topic: r.topic, event: JSON.parse(r.payload.toString('utf8')) as Record<string, unknown> }));
  };

  const helpRequest = { type: 'register-help-request', channel: 'balie', requestedAt: new Date('2025-03-03T09:00:00Z'), crisis: null } as const;

  it('writes the new pathway and its events to the outbox in one transaction', async () => {
    // when
    const { state } = await handler.forResident('GM0363', { bsn: Bsn.parse('111222333'), contact: { name: 'A. Jansen' } }, helpRequest);
    // then
    const outbox = await outboxOf(state.pathwayId);
    expect(outbox.map((r) => r.type)).toEqual([
      'nl.ketenpad.municipality.help-requested.v1',
      'nl.ketenpad.municipality.phase-changed.v1',
    ]);
    expect(outbox[0]).toMatchObject({
      topic: 'municipality.events.v1',
      event: {
        source: 'urn:nld:ketenpad:municipality:GM0363',
        pathwayid: state.pathwayId,
        classification: 'chain',
        time: '2025-03-03T09:00:00.000Z',
        data: { channel: 'balie', firstConversationDue: '2025-03-31', municipalityCode: 'GM0363', crisis: null },
      },
    });
    expect(JSON.stringify(outbox)).not.toMatch(/111222333|Jansen/);
    const view = await queries.get(amsterdam, 'GM0363', state.pathwayId);
    expect(view).toMatchObject({ phase: 'aanmelding', resident: { bsn: '*****2333', contact: { name: 'A. Jansen' } } });
  });

  it('saves the new state and its events together for a command on an existing pathway', async () => {
    // given
    const { state } = await handler.forResident('GM0363', { bsn: Bsn.parse('123456782'), contact: {} }, helpRequest);
    // when
    await handler.execute('GM0363', state.pathwayId, { type: 'hold-first-conversation', heldAt: new Date('2025-03-10T10:00:00Z') });
    // then
    const view = await queries.get(amsterdam, 'GM0363', state.pathwayId);
    expect(view).toMatchObject({ phase: 'intake', firstConversationDeadlineMet: true });
    expect((await outboxOf(state.pathwayId)).map((r) => r.type)).toEqual([
      'nl.ketenpad.municipality.help-requested.v1',
      'nl.ketenpad.municipality.phase-changed.v1',
      'nl.ketenpad.municipality.first-conversation-held.v1',
      'nl.ketenpad.municipality.phase-changed.v1',
    ]);
  });

  it('rolls everything back on a domain violation: no state change and no outbox row', async () => {
    // given
    const { state } = await handler.forResident('GM0363', { bsn: Bsn.parse('999999990'), contact: {} }, helpRequest);
    // when
    const attempt = handler.execute('GM0363', state.pathwayId, { type: 'change-phase', to: 'oplossing', at: new Date('2025-03-04T09:00:00Z') });
    // then
    await expect(attempt).rejects.toBeInstanceOf(DomainRuleViolation);
    expect(await outboxOf(state.pathwayId)).toHaveLength(2);
    const [{ version }] = await db.dataSource.query(`SELECT version FROM pathway WHERE pathway_id = $1`, [state.pathwayId]);
    expect(version).toBe(1);
  });

  it('creates nothing when a help request for a resident who already has one is refused', async () => {
    // given
    const resident = { bsn: Bsn.parse('111222333'), contact: {} };
    const [{ count: before }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM outbox`);
    // when / then
    await expect(handler.forResident('GM0363', resident, helpRequest)).rejects.toBeInstanceOf(ResidentHasOpenPathway);
    const [{ count: after }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM outbox`);
    expect(after).toBe(before);
  });

  it('adds a help request to the pathway an early signal opened for the same resident', async () => {
    // given
    const resident = { bsn: Bsn.parse('111222333'), contact: {} };
    const signal = await handler.forResident('GM0518', resident, {
      type: 'receive-early-signal',
      signalPartnerType: 'Energie',
      arrearsCents: 31_000,
      arrearsSince: '2025-01-01',
      signalledAt: '2025-03-01',
      crisis: null,
      warmHandover: true,
      receivedAt: new Date('2025-03-02T08:00:00Z'),
    });
    // when
    const request = await handler.forResident('GM0518', resident, { ...helpRequest, channel: 'vroegsignaal' });
    // then
    expect(request.state.pathwayId).toBe(signal.state.pathwayId);
    expect(request.state).toMatchObject({ status: 'open', phase: 'aanmelding', earlySignals: [{ signalPartnerType: 'Energie' }] });
  });

  it('does not find a pathway of another municipality', async () => {
    const { state } = await handler.forResident('GM0363', { bsn: Bsn.parse('111222333'), contact: {} }, {
      type: 'receive-early-signal',
      signalPartnerType: 'Water',
      arrearsCents: 5_000,
      arrearsSince: '2025-01-01',
      signalledAt: '2025-03-01',
      crisis: null,
      warmHandover: false,
      receivedAt: new Date('2025-03-02T08:00:00Z'),
    });
    await expect(handler.execute('GM0344', state.pathwayId, { type: 'close-pathway', reason: 'Zelf', at: new Date() })).rejects.toBeInstanceOf(
      PathwayNotFound,
    );
    await expect(queries.get(utrecht, 'GM0344', state.pathwayId)).rejects.toBeInstanceOf(PathwayNotFound);
    await expect(queries.get(amsterdam, 'GM0363', randomUUID())).rejects.toBeInstanceOf(PathwayNotFound);
  });
});
