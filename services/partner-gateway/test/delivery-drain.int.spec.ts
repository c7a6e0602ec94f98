import { randomUUID } from 'node:crypto';
import { PartnerGatewayHarness } from './partner-gateway.harness';

/** Notifications of one (subscription, pathway) the worker claims as one run (the default `deliveryRunLength`). */
const RUN_LENGTH = 20;

/**
 * The delivery worker's `drain()` on a busy machine, where a claim statement
 * takes longer than the partner calls and result writes running beside it
 * (issue 21: the benchmark's receiver got 3,400 of 10,000 notifications). The
 * database is made slow at its own edge: a statement trigger the test installs
 * sleeps in the worker's claim and, shorter, in its write of results.
 */
describe('partner gateway delivery drain', () => {
  const gateway = new PartnerGatewayHarness({
    database: 'partner_gateway_drain',
    consumerName: 'partner-gateway.notifications.drain-spec',
  });
  const { partner, publish, referral, contact } = gateway;

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());

  it('delivers every due notification when results are written while a claim is under way', async () => {
    // given a partner referred to on a pathway with one notification more than a run holds
    const healthy = await partner();
    const pathwayId = randomUUID();
    const events = [referral(pathwayId, healthy.urn)];
    for (let i = 0; i < RUN_LENGTH; i++) events.push(contact(pathwayId));
    await publish(...events);
    // and a database under load: a claim takes 1 s, a write of results 0.3 s (its snapshot taken before the write commits)
    await slowDown(gateway, { claimMs: 1_000, writeMs: 300 });

    // when the worker drains the queue
    try {
      await gateway.worker.drain();
    } finally {
      await gateway.sql.query(`DROP TRIGGER IF EXISTS slow_delivery_statements ON delivery`);
    }

    // then the partner has every notification, in order, at once (the last one was not left for a later poll)
    expect(healthy.receiver.acceptedByPathway().get(pathwayId)).toEqual(events.map((e) => e.id));
    const pending = await gateway.sql.query(`SELECT count(*)::int AS n FROM delivery WHERE status = 'pending'`);
    expect(pending.rows[0].n).toBe(0);
  });
});

/**
 * Installs a statement-level trigger on `delivery` that sleeps in the worker's
 * claim (`WITH heads AS ...`) and in its write of results (`WITH r AS ...`).
 * A statement-level trigger fires even when the statement changes no rows,
 * after the statement took its snapshot.
 */
async function slowDown(gateway: PartnerGatewayHarness, delays: { claimMs: number; writeMs: number }): Promise<void> {
  await gateway.sql.query(`
    CREATE OR REPLACE FUNCTION slow_delivery_statement() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_query() LIKE '%WITH heads AS%' THEN PERFORM pg_sleep(${delays.claimMs / 1_000});
      ELSIF current_query() LIKE '%WITH r AS%' THEN PERFORM pg_sleep(${delays.writeMs / 1_000});
      END IF;
      RETURN NULL;
    END $$`);
  await gateway.sql.query(`
    CREATE TRIGGER slow_delivery_statements BEFORE UPDATE ON delivery
      FOR EACH STATEMENT EXECUTE FUNCTION slow_delivery_statement()`);
}
