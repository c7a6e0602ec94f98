import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { waitFor } from '@ketenpad/testing';
import { ApiLoad, outboxBacklog, outboxEvents } from './support/api.load';
import { FULL_FAULTS, sized, sleep } from './support/fault.profile';
import { metricValue, startFaultStack, type FaultStack } from './support/fault.stack';
import { auditTimeline, EXACTLY_ONCE_IN_ORDER, exactlyOnceInOrder, projectionSettled } from './support/timeline.audit';

/**
 * F6 (QUALITY.md): PostgreSQL restarted under load. Must hold: services
 * recover without restart; no event lost.
 *
 * Other engineers' tests share this PostgreSQL server, so the quick variant
 * terminates every connection of the services' databases instead - for a
 * service the same fault (every pooled and LISTEN connection dies at once,
 * the next ones fail until the server answers again). The full variant
 * (`KETENPAD_FAULTS=full`) really restarts the server with pg_ctlcluster.
 */
describe('F6: the services when PostgreSQL goes away under load', () => {
  let stack: FaultStack | undefined;

  afterAll(async () => {
    await stack?.stop();
  });

  it(`keeps every committed event and recovers without a service restart when ${FULL_FAULTS ? 'the server restarts' : 'all database connections are terminated'}`, async () => {
    // given counsellors recording contact attempts, which the timeline projects
    stack = await startFaultStack(['municipality', 'timeline']);
    const s = stack;
    const started = {
      municipality: await metricValue(s.process.municipality!, 'process_start_time_seconds'),
      timeline: await metricValue(s.process.timeline!, 'process_start_time_seconds'),
    };
    const load = new ApiLoad(s);
    await load.openPathways(sized(30, 100));
    load.start(6, sized(100, 500));
    await sleep(3_000);

    // when the database goes away twice while the load goes on
    for (let round = 0; round < 2; round++) {
      if (FULL_FAULTS) execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'restart']);
      else await terminateConnections([s.db.municipality!.name, s.db.timeline!.name]);
      await sleep(sized(4_000, 10_000));
    }
    const tally = await load.stop();

    // then the same processes serve again (health up, never restarted)
    for (const name of ['municipality', 'timeline'] as const) {
      await waitFor(async () => (await fetch(`${s.process[name]!.url}/health`)).ok, {
        timeoutMs: 60_000,
        description: `${name} healthy again`,
      });
      expect(await metricValue(s.process[name]!, 'process_start_time_seconds')).toBe(started[name]);
    }
    // and every committed event reached the timeline exactly once
    await waitFor(async () => (await outboxBacklog(s)) === 0, { timeoutMs: 60_000, description: 'the outbox drained' });
    const produced = await outboxEvents(s);
    await projectionSettled(s, produced.length);
    await sleep(1_000);
    expect(exactlyOnceInOrder(await auditTimeline(s, produced))).toEqual(EXACTLY_ONCE_IN_ORDER);
    // and every command the API acknowledged has its event (an acknowledged command is never lost)
    expect(produced.length).toBeGreaterThanOrEqual(tally.accepted);
    console.info(
      `F6: ${tally.accepted} commands acknowledged, ${tally.failed} refused while the database was away, ${produced.length} events produced and projected`,
    );
  });
});

async function terminateConnections(databases: readonly string[]): Promise<void> {
  const admin = new Client({
    connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await admin.connect();
  try {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()',
      [databases],
    );
  } finally {
    await admin.end();
  }
}
