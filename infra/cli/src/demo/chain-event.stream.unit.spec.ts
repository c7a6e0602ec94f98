import { EventCodec } from '@ketenpad/events';
import { chainEventStreams, interleaved, REPAYMENT_MONTHS, type PathwayEvents } from './chain-event.stream';
import { municipalityRun } from './municipality.commands';
import { generateScenarios } from './scenario.generator';

const START = Date.parse('2024-01-01T00:00:00Z');
const DAY_MS = 86_400_000;
const name = (type: string): string => type.split('.').slice(2, 4).join('/');

describe('chain event stream (the load generator)', () => {
  const scenarios = generateScenarios({ pathways: 4_000, seed: 11 });
  const streams = chainEventStreams(scenarios, { seed: 11, startsAt: START, spacingMs: 600_000 });
  const shareOf = (pick: (s: PathwayEvents) => boolean): number => streams.filter(pick).length / streams.length;
  const has = (
    s: PathwayEvents,
    eventName: string,
    match: (data: Record<string, unknown>) => boolean = () => true,
  ): boolean => s.events.some((e) => name(e.type) === eventName && match(e.data as Record<string, unknown>));

  it('emits only events the shared codec accepts, in strictly increasing time per pathway', () => {
    // when
    const codec = EventCodec.shared();
    // then
    for (const stream of streams.slice(0, 600)) {
      for (const event of stream.events) expect(() => codec.encode(event)).not.toThrow();
      const times = stream.events.map((e) => e.time);
      expect([...times].sort()).toEqual(times);
      expect(new Set(times).size).toBe(times.length);
      expect(new Set(stream.events.map((e) => e.pathwayid))).toEqual(new Set([stream.pathwayId]));
    }
  });

  it('gives the same events, ids included, for the same seed and different ones for another seed', () => {
    // when
    const again = chainEventStreams(scenarios.slice(0, 50), { seed: 11, startsAt: START, spacingMs: 600_000 });
    const other = chainEventStreams(scenarios.slice(0, 50), { seed: 12, startsAt: START, spacingMs: 600_000 });
    const first50 = chainEventStreams(scenarios.slice(0, 50), { seed: 11, startsAt: START, spacingMs: 600_000 });
    // then
    expect(again).toEqual(first50);
    expect(other.map((s) => s.pathwayId)).not.toEqual(first50.map((s) => s.pathwayId));
  });

  it('follows the published shape: a quarter in crisis, about 40 % drop-out before a settlement, referrals between organisations', () => {
    // then (DOMAIN.md; the generator's shares, within sampling tolerance)
    expect(shareOf((s) => s.scenario.crisis !== null)).toBeCloseTo(0.25, 1);
    const droppedBeforeSettlement = shareOf(
      (s) =>
        has(s, 'municipality/pathway-closed', (d) => d.reason !== 'Afgerond') &&
        !has(s, 'municipality/settlement-proposed'),
    );
    expect(droppedBeforeSettlement).toBeGreaterThanOrEqual(0.36);
    expect(droppedBeforeSettlement).toBeLessThanOrEqual(0.44);
    expect(shareOf((s) => has(s, 'gp/referral-made'))).toBeCloseTo(0.12, 1);
    const toSocialWork = shareOf((s) =>
      has(s, 'municipality/referral-made', (d) => String(d.toOrg).includes(':social-work:')),
    );
    expect(toSocialWork).toBeGreaterThan(0.3);
    expect(toSocialWork).toBeLessThan(0.5);
    expect(
      shareOf((s) => has(s, 'municipality/referral-made', (d) => String(d.toOrg).includes(':court-liaison:'))),
    ).toBeCloseTo(0.22, 1);
    expect(shareOf((s) => has(s, 'social-work/referral-declined'))).toBeCloseTo(0.1, 1);
  });

  it('takes about 11 days to a first conversation, within the Wgs term unless a breach was planned', () => {
    // when
    const waits = streams
      .filter(
        (s) =>
          s.scenario.breach === 'none' &&
          s.scenario.crisis === null &&
          !['urgent-eviction', 'gp-referral'].includes(s.scenario.archetype),
      )
      .flatMap((s) => {
        const requested = s.events.find((e) => name(e.type) === 'municipality/help-requested');
        const held = s.events.find((e) => name(e.type) === 'municipality/first-conversation-held');
        return requested && held ? [(Date.parse(held.time) - Date.parse(requested.time)) / DAY_MS] : [];
      });
    // then
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    expect(mean).toBeGreaterThan(8.5);
    expect(mean).toBeLessThan(12.5);
    expect(Math.max(...waits)).toBeLessThanOrEqual(28);
  });

  it('repays over 18 months from the start of repayment to its completion', () => {
    // when
    const repaid = streams.filter((s) => has(s, 'municipality/repayment-completed'));
    // then
    expect(repaid.length).toBeGreaterThan(100);
    for (const s of repaid) {
      const started = new Date(s.events.find((e) => name(e.type) === 'municipality/repayment-started')!.time);
      const completed = new Date(s.events.find((e) => name(e.type) === 'municipality/repayment-completed')!.time);
      const months =
        (completed.getUTCFullYear() - started.getUTCFullYear()) * 12 + completed.getUTCMonth() - started.getUTCMonth();
      expect(months).toBe(REPAYMENT_MONTHS);
    }
  });

  it('interleaves every pathway into one stream in time order', () => {
    // when
    const all = interleaved(streams.slice(0, 200));
    // then
    expect(all).toHaveLength(streams.slice(0, 200).reduce((n, s) => n + s.events.length, 0));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.time <= all[i]!.time).toBe(true);
  });
});

describe('municipality command sequences (B4 load)', () => {
  it('opens every pathway with a help request or an early signal and follows with counsellor steps only', () => {
    // given
    const scenarios = generateScenarios({ pathways: 200, seed: 3 });
    // when
    const runs = scenarios.map((s) => ({ s, run: municipalityRun(s, START) }));
    // then
    for (const { run } of runs) {
      expect(['/pathways', '/early-signals']).toContain(run!.opening.path);
      for (const c of run!.commands) expect(c.emits).toMatch(/^nl\.ketenpad\.municipality\.[a-z-]+\.v1$/);
    }
    const gp = runs.find(({ s }) => s.archetype === 'gp-referral');
    expect(gp?.run?.commands).toEqual([]);
    const counter = runs.find(({ s, run }) => s.archetype === 'counter' && s.outcome === 'completed' && run);
    expect(counter?.run?.commands.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        '/first-conversation',
        '/intake-decision',
        '/debts',
        '/settlement/grant',
        '/repayment/complete',
        '/closure',
      ]),
    );
  });
});
