import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DevIssuer } from '@ketenpad/auth';
import { LocalDate } from '@ketenpad/calendar';
import { startService } from '@ketenpad/platform';
import { createTestDatabase, kafkaBrokers, waitFor, type TestDatabase } from '@ketenpad/testing';
import { timelineAppModule, timelineInbox, TIMELINE_API } from '../../services/timeline/src/app.module';
import { analyticsViolations, coordinatorFigures, type AnalyticsScope } from '../support/analytics.invariants';
import { seededRandom } from '../security/hostile-request.generator';
import { ORGS, PathwayScript, PinnedClock, publishFacts } from '../support/bottleneck.fixture';
import { loadDemo } from '../support/portal.stack';
import { startChain, type Chain } from '../support/chain.stack';

/**
 * The analytics invariant suite (issue 13): every coordinator figure, on
 * randomised seeded scenarios and on `ketenpad demo` data, satisfies the
 * invariants of `analytics.invariants.ts` and equals a plain SQL recomputation
 * from the stored events; the seeded figures are also identical after a rebuild.
 */
const NOW = new Date('2026-06-15T08:00:00Z');
const DAY = 86_400_000;
const PHASES = ['aanmelding', 'intake', 'plan-van-aanpak', 'stabilisatie', 'oplossing', 'aflossing', 'nazorg'];
const DROP_OUT_REASONS = ['Nietverschenen', 'Ingetrokken', 'Zelf', 'Verhuisd'];

/** The test suites' one seeded generator (mulberry32), with ranges and picks, so a failing scenario can be run again. */
function seeded(seed: number): {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
} {
  const next = seededRandom(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Pathways as they really arrive: facts entered days or weeks after they
 * happened (and sometimes with a time in the future), answers on a clock
 * behind the referrer's, declines, re-referrals to a decliner, ping-pong,
 * drop-outs in every phase, settlements, and referrals merged into a
 * resident's existing pathway.
 */
function scenarios(seed: number, count: number): PathwayScript[] {
  const random = seeded(seed);
  const scripts: PathwayScript[] = [];
  const socialWork = ORGS.socialWork;
  const otherSocialWork = `${ORGS.socialWork}-2`;
  for (let i = 0; i < count; i++) {
    // Entered late: up to 3 weeks after the fact, never after "now".
    const lateBy = random.next() < 0.5 ? 0 : random.int(1, 21) * DAY;
    const script = new PathwayScript(randomUUID(), ORGS.municipality, (happened) =>
      iso(Math.min(NOW.getTime(), Date.parse(happened) + lateBy)),
    );
    let t = NOW.getTime() - random.int(5, 120) * DAY;
    script.helpRequested(iso(t), iso(t + 28 * DAY).slice(0, 10));
    if (random.next() < 0.8)
      script.firstConversationHeld(iso((t += (random.int(1, 40) * DAY) / 2)), random.next() < 0.7);
    let phase = 0;
    const steps = random.int(0, PHASES.length - 1);
    for (let s = 0; s < steps && t < NOW.getTime(); s++) {
      const at = random.next() < 0.05 ? NOW.getTime() + 30 * DAY : (t += random.int(0, 20) * DAY);
      script.phase(PHASES[phase]!, PHASES[phase + 1]!, iso(at));
      phase += 1;
      if (random.next() < 0.4) {
        const target = random.next() < 0.7 ? socialWork : otherSocialWork;
        const referralId = randomUUID();
        const made = (t += random.int(0, 5) * DAY);
        script.referral(referralId, ORGS.municipality, target, iso(made));
        const answer = random.next();
        // The receiver's clock may run up to an hour behind the referrer's.
        const answeredAt = iso(made + random.int(-3_600, 7 * 86_400) * 1000);
        if (answer < 0.25) {
          script.declined(referralId, target, answeredAt);
          if (random.next() < 0.5) script.referral(randomUUID(), ORGS.municipality, target, iso((t += DAY)));
        } else if (answer < 0.85) {
          script.accepted(referralId, target, answeredAt);
          if (random.next() < 0.7)
            script.firstContact(referralId, iso(Date.parse(answeredAt) + random.int(-60, 96) * 3_600_000));
          if (random.next() < 0.2) script.referral(randomUUID(), target, ORGS.municipality, iso((t += DAY)));
        }
      }
    }
    if (random.next() < 0.45 && t < NOW.getTime()) {
      const settled = phase >= 4;
      script.closed(
        settled ? 'Afgerond' : random.pick(DROP_OUT_REASONS),
        PHASES[phase]!,
        iso((t += random.int(0, 10) * DAY)),
      );
    }
    scripts.push(script);
    // Now and then the same resident is referred again by social work, and the municipality merges that pathway in.
    if (random.next() < 0.15) {
      const referralId = randomUUID();
      const referredAt = t + random.int(0, 5) * DAY;
      scripts.push(
        new PathwayScript(randomUUID(), ORGS.municipality)
          .referral(referralId, socialWork, ORGS.municipality, iso(referredAt))
          .merged(script.pathwayId, referralId, iso(referredAt + 3_600_000)),
      );
    }
  }
  return scripts;
}

async function storedEvents(db: TestDatabase, pathwayIds: readonly string[]): Promise<number> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM timeline_entry WHERE pathway_id = ANY($1::uuid[])',
      [pathwayIds],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('analytics invariants on randomised seeded scenarios', () => {
  const SEED = Number(process.env.ANALYTICS_SEED ?? 20261205);
  const scripts = scenarios(SEED, 80);
  const ids = scripts.map((s) => s.pathwayId);
  const facts = scripts.flatMap((s) => s.facts);
  let db: TestDatabase;
  let app: INestApplication | undefined;
  let scope: AnalyticsScope;
  const clock = new PinnedClock(NOW);

  const start = async (generation: string) => {
    app = await startService({
      ...TIMELINE_API,
      rootModule: timelineAppModule({
        config: { kafkaBrokers: kafkaBrokers(), databaseUrl: db.url },
        databaseName: db.name,
        generation,
        clock,
      }),
      inbox: timelineInbox(generation),
      port: 0,
    });
    scope.timelineUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await waitFor(async () => (await storedEvents(db, ids)) === facts.length, {
      timeoutMs: 60_000,
      description: `the timeline to project all ${facts.length} facts`,
    });
  };

  beforeAll(async () => {
    db = await createTestDatabase('e2e_analytics_invariants');
    const token = await (await DevIssuer.open()).issueFor('KR-001', ['coordinator']);
    scope = {
      timelineUrl: '',
      token,
      databaseUrl: db.url,
      municipality: ORGS.code,
      from: '2026-01-05',
      to: '2026-06-15',
    };
    await publishFacts(facts);
    await start(`invariants-${Date.now()}`);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it(`holds every invariant and equals the recomputation from the events (seed ${SEED}, ${facts.length} facts)`, async () => {
    expect(await analyticsViolations(scope)).toEqual([]);
    // the scenarios exercise what they claim to: declines, bounces, merges, drop-outs, settlements
    const figures = await coordinatorFigures(scope);
    expect(figures.outcomes!.cohort).toMatchObject({
      droppedOut: expect.any(Number),
      reachedSettlement: expect.any(Number),
    });
    expect(figures.outcomes!.cohort.droppedOut).toBeGreaterThan(0);
    expect(figures.outcomes!.cohort.reachedSettlement).toBeGreaterThan(0);
    const pairs = figures.handOffs!.pairs as Array<{ declined: number; closedUnanswered: number; toOrg: string }>;
    expect(pairs.some((p) => p.declined > 0)).toBe(true);
    expect(pairs.some((p) => p.toOrg === ORGS.municipality)).toBe(true);
    expect((figures.pillarToPost!.pathways as Array<{ bounces: number }>).some((p) => p.bounces > 0)).toBe(true);
  });

  it('gives the same figures after a rebuild from offset zero', async () => {
    const live = await coordinatorFigures(scope);
    await app!.close();
    app = undefined;
    await start(`invariants-rebuild-${Date.now()}`);
    expect(await coordinatorFigures(scope)).toEqual(live);
    expect(await analyticsViolations(scope)).toEqual([]);
  });
});

describe('analytics invariants on ketenpad demo data', () => {
  let chain: Chain;
  let printed: string;

  beforeAll(async () => {
    chain = await startChain();
    printed = await loadDemo(chain, 40);
  }, 300_000);

  afterAll(async () => {
    await chain?.stop();
  });

  it('shows a coordinator no impossible value on the data `ketenpad demo` loads', async () => {
    const scope: AnalyticsScope = {
      timelineUrl: chain.url.timeline,
      token: await chain.token('KR-001', ['coordinator']),
      databaseUrl: chain.db.timeline.url,
      municipality: 'GM0363',
      // Days as a coordinator in the Netherlands names them: between 22:00 and 24:00 UTC it is already tomorrow there.
      from: LocalDate.fromInstant(new Date(Date.now() - 140 * DAY)).toString(),
      to: LocalDate.fromInstant(new Date()).toString(),
    };
    // The projection has settled when two readings a second apart agree.
    let previous = '';
    await waitFor(
      async () => {
        const current = JSON.stringify(await coordinatorFigures(scope));
        const settled = current === previous;
        previous = current;
        return settled;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, description: 'the demo figures to settle' },
    );
    expect(await analyticsViolations(scope)).toEqual([]);
    const figures = await coordinatorFigures(scope);
    // the demo's GP referrals are merged into residents' pathways: counted, and accepted
    const fromGp = (figures.handOffs!.pairs as Array<{ fromOrg: string; referrals: number; accepted: number }>).filter(
      (p) => p.fromOrg.startsWith('urn:nld:ketenpad:gp:'),
    );
    expect(fromGp.reduce((n, p) => n + p.accepted, 0)).toBeGreaterThan(0);
  });

  it('prints the Wgs breaches the coordinator sees, each planned one among them', () => {
    const line =
      /Wgs deadlines breached, as GET \/bottlenecks\/wgs-deadlines counts them: (\d+) \((\d+) overdue .*, (\d+) held after the deadline; planned (\d+)\)/.exec(
        printed,
      );
    expect(line).not.toBeNull();
    const [, breached, overdue, late, planned] = line!.map(Number);
    expect(breached).toBe(overdue! + late!);
    expect(breached).toBe(planned);
    expect(printed).not.toContain('planned but not breached');
  });
});
