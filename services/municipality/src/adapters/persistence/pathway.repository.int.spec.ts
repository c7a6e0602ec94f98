import { messagingMigrations } from '@ketenpad/messaging';
import { createServiceDataSource, type ServiceDatabase } from '@ketenpad/persistence';
import { ResidentPseudonymiser } from '@ketenpad/privacy';
import { createTestDatabase, type TestDatabase } from '@ketenpad/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Bsn } from '../../domain/bsn';
import { initialPathwayState, type PathwayState } from '../../domain/pathway/pathway.state';
import { BsnBlindIndex } from './bsn.blind-index';
import { MUNICIPALITY_ENTITIES, MUNICIPALITY_MIGRATIONS } from './municipality.schema';
import { ConcurrentPathwayModification, PathwayRepository } from './pathway.repository';
import { ResidentDataCipher, ResidentDataUnreadable } from './resident-data.cipher';

describe('PathwayRepository on PostgreSQL', () => {
  let testDb: TestDatabase;
  let db: ServiceDatabase;
  const masterKey = randomBytes(32);
  const indexKey = randomBytes(32);
  const pseudonymiser = ResidentPseudonymiser.withKey(randomBytes(32));
  const repository = new PathwayRepository(new ResidentDataCipher(masterKey), new BsnBlindIndex(indexKey), pseudonymiser);
  const bsn = Bsn.parse('111222333');
  const contact = {
    name: 'Fatima de Vries',
    phone: '0612345678',
    email: 'fatima@example.nl',
    address: { street: 'Dorpsstraat', houseNumber: '12', postalCode: '1011AB', city: 'Amsterdam' },
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('municipality_repository');
    db = await createServiceDataSource({
      service: 'municipality',
      databaseUrl: testDb.url,
      databaseName: testDb.name,
      entities: MUNICIPALITY_ENTITIES,
      migrations: [...messagingMigrations, ...MUNICIPALITY_MIGRATIONS],
      poolSize: 2,
    });
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const openState = (municipalityCode = 'GM0363'): PathwayState => ({
    ...initialPathwayState(randomUUID(), municipalityCode),
    status: 'open',
    phase: 'aanmelding',
  });

  it('stores BSN and contact data so that none of it is readable in the raw tables', async () => {
    // given
    const state = openState();
    // when
    await repository.insert(db.dataSource.manager, state, { bsn, contact });
    // then
    const rows: unknown[] = await db.dataSource.query(
      `SELECT r.*, k.*, p.* FROM resident r JOIN pathway_data_key k USING (pathway_id) JOIN pathway p USING (pathway_id) WHERE pathway_id = $1`,
      [state.pathwayId],
    );
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
    for (const secret of ['111222333', 'Fatima', '0612345678', 'fatima@example.nl', 'Dorpsstraat', '1011AB']) {
      expect(raw).not.toContain(secret);
    }
    const [{ sealed }] = await db.dataSource.query(`SELECT encode(sealed_data, 'hex') AS sealed FROM resident WHERE pathway_id = $1`, [
      state.pathwayId,
    ]);
    expect(sealed).not.toContain(Buffer.from('111222333').toString('hex'));
  });

  it('decrypts the resident again with the right master key', async () => {
    const state = openState();
    await repository.insert(db.dataSource.manager, state, { bsn, contact });
    const resident = await repository.loadResident(db.dataSource.manager, state.pathwayId);
    expect(resident?.bsn.value).toBe('111222333');
    expect(resident?.contact).toEqual(contact);
  });

  it('finds the open pathway of the same resident through the blind index, only in its own municipality', async () => {
    // given
    const resident = { bsn: Bsn.parse('123456782'), contact: {} };
    const state = openState('GM0599');
    await repository.insert(db.dataSource.manager, state, resident);
    // when
    const found = await db.dataSource.transaction((m) => repository.findOpenByResidentForUpdate(m, 'GM0599', Bsn.parse('123456782')));
    const elsewhere = await db.dataSource.transaction((m) => repository.findOpenByResidentForUpdate(m, 'GM0363', Bsn.parse('123456782')));
    const otherPerson = await db.dataSource.transaction((m) => repository.findOpenByResidentForUpdate(m, 'GM0599', Bsn.parse('999999990')));
    // then
    expect(found?.state.pathwayId).toBe(state.pathwayId);
    expect(elsewhere).toBeUndefined();
    expect(otherPerson).toBeUndefined();
  });

  it('cannot decrypt resident data with a different master key', async () => {
    const state = openState();
    await repository.insert(db.dataSource.manager, state, { bsn, contact });
    const withOtherKey = new PathwayRepository(new ResidentDataCipher(randomBytes(32)), new BsnBlindIndex(indexKey), pseudonymiser);
    await expect(withOtherKey.loadResident(db.dataSource.manager, state.pathwayId)).rejects.toBeInstanceOf(ResidentDataUnreadable);
  });

  it('makes the resident unreadable once the pathway data key is destroyed', async () => {
    const state = openState();
    await repository.insert(db.dataSource.manager, state, { bsn, contact });
    await db.dataSource.query(`DELETE FROM pathway_data_key WHERE pathway_id = $1`, [state.pathwayId]);
    await expect(repository.loadResident(db.dataSource.manager, state.pathwayId)).resolves.toBeUndefined();
  });

  it('hides a pathway from another municipality', async () => {
    const state = openState('GM0363');
    await repository.insert(db.dataSource.manager, state, { bsn, contact });
    await expect(repository.load(db.dataSource.manager, 'GM0344', state.pathwayId)).resolves.toBeUndefined();
    await expect(repository.load(db.dataSource.manager, 'GM0363', state.pathwayId)).resolves.toMatchObject({ version: 1 });
  });

  it('refuses a save based on a stale version (optimistic concurrency)', async () => {
    // given
    const state = openState();
    await repository.insert(db.dataSource.manager, state, { bsn, contact });
    await repository.update(db.dataSource.manager, { ...state, phase: 'intake' }, 1);
    // when / then
    await expect(repository.update(db.dataSource.manager, { ...state, phase: 'intake' }, 1)).rejects.toBeInstanceOf(
      ConcurrentPathwayModification,
    );
    const stored = await repository.load(db.dataSource.manager, 'GM0363', state.pathwayId);
    expect(stored).toMatchObject({ version: 2, state: { phase: 'intake' } });
  });
});
