import { demoBsn } from './demo-resident.bsn';
import { DEFAULT_PATHWAYS, DEFAULT_SEED, DEMO_MUNICIPALITIES, generateScenarios, MIN_PATHWAYS, type DemoScenario, type FlowNumber } from './scenario.generator';

const UITSTROOM_REASONS = ['Afgerond', 'Ingetrokken', 'Niet passend', 'Nietverschenen', 'Overleden', 'Verhuisd', 'Voldoet niet', 'Zelf', 'Overig'];

function elfproef(bsn: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(bsn[i]);
  return /^\d{9}$/.test(bsn) && (sum - Number(bsn[8])) % 11 === 0;
}

describe('scenario generator', () => {
  const scenarios = generateScenarios({ pathways: DEFAULT_PATHWAYS, seed: DEFAULT_SEED });
  const share = (pick: (s: DemoScenario) => boolean): number => scenarios.filter(pick).length / scenarios.length;

  it('describes at least 50 pathways by default, spread over the three municipalities', () => {
    // then
    expect(scenarios.length).toBeGreaterThanOrEqual(50);
    for (const code of DEMO_MUNICIPALITIES) expect(scenarios.filter((s) => s.municipality === code).length).toBeGreaterThanOrEqual(15);
  });

  it('exercises every one of the six flows on several pathways', () => {
    // when
    const perFlow = (flow: FlowNumber): number => scenarios.filter((s) => s.flows.includes(flow)).length;
    // then
    expect(perFlow(1)).toBeGreaterThanOrEqual(5);
    expect(perFlow(2)).toBeGreaterThanOrEqual(10);
    expect(perFlow(3)).toBeGreaterThanOrEqual(4);
    expect(perFlow(4)).toBeGreaterThanOrEqual(5);
    expect(perFlow(5)).toBeGreaterThanOrEqual(4);
    expect(perFlow(6)).toBeGreaterThanOrEqual(3);
  });

  it('gives the same scenarios for the same seed and different ones for another seed', () => {
    // when
    const again = generateScenarios({ pathways: DEFAULT_PATHWAYS, seed: DEFAULT_SEED });
    const other = generateScenarios({ pathways: DEFAULT_PATHWAYS, seed: DEFAULT_SEED + 1 });
    // then
    expect(again).toEqual(scenarios);
    expect(other).not.toEqual(scenarios);
  });

  it('lets 30 to 50 % drop out before a settlement, with exact DDAS uitstroom reasons', () => {
    // then
    const dropOutShare = share((s) => s.dropOut !== null);
    expect(dropOutShare).toBeGreaterThanOrEqual(0.3);
    expect(dropOutShare).toBeLessThanOrEqual(0.5);
    for (const s of scenarios.filter((x) => x.dropOut)) {
      const closing = s.steps[s.steps.length - 1]!;
      const reason = closing.kind === 'close' ? closing.reason : closing.kind === 'decide-intake' ? closing.closeReason : undefined;
      expect(UITSTROOM_REASONS).toContain(reason);
      expect(s.steps.some((step) => step.kind === 'court-forced-settlement' || step.kind === 'court-wsnp' || step.kind === 'settlement-offer')).toBe(false);
    }
    expect(new Set(scenarios.map((s) => s.dropOut).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
  });

  it('has about a quarter of help requests in crisis', () => {
    // then
    expect(share((s) => s.crisis !== null)).toBeGreaterThanOrEqual(0.2);
    expect(share((s) => s.crisis !== null)).toBeLessThanOrEqual(0.3);
  });

  it('breaches the Wgs first-conversation term on some pathways: left waiting or held late', () => {
    // when
    const overdue = scenarios.filter((s) => s.breach === 'overdue');
    const late = scenarios.filter((s) => s.breach === 'late-conversation');
    // then
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(late.length).toBeGreaterThanOrEqual(2);
    for (const s of overdue) {
      const request = s.steps.find((step) => step.kind === 'register-help-request');
      expect(request?.kind === 'register-help-request' && request.requestedDaysAgo).toBeGreaterThan(28);
      expect(s.steps.some((step) => step.kind === 'hold-first-conversation')).toBe(false);
    }
    for (const s of late) {
      const request = s.steps.find((step) => step.kind === 'register-help-request');
      const held = s.steps.find((step) => step.kind === 'hold-first-conversation');
      if (request?.kind !== 'register-help-request' || held?.kind !== 'hold-first-conversation') throw new Error('late breach without request or conversation');
      expect(request.requestedDaysAgo - held.heldDaysAgo).toBeGreaterThan(28);
      expect(held.heldDaysAgo).toBeGreaterThan(0);
    }
  });

  it('bounces referrals between the municipality and social work', () => {
    // when
    const bounced = scenarios.filter((s) => s.bounced);
    // then
    expect(bounced.length).toBeGreaterThanOrEqual(4);
    for (const s of bounced) {
      const kinds = s.steps.map((step) => step.kind);
      expect(kinds.filter((k) => k === 'refer-to-social-work')).toHaveLength(2);
      expect(kinds).toContain('social-work-decline');
      expect(kinds).toContain('social-work-refer-back');
    }
  });

  it('grants some moratoriums whose end date has already passed, within the 6-month maximum', () => {
    // when
    const moratoriums = scenarios.flatMap((s) => s.steps).filter((step) => step.kind === 'court-moratorium');
    // then
    expect(scenarios.some((s) => s.expiredMoratorium)).toBe(true);
    for (const m of moratoriums) if (m.kind === 'court-moratorium') expect(m.lengthDays).toBeLessThanOrEqual(180);
    expect(moratoriums.some((m) => m.kind === 'court-moratorium' && m.startsDaysAgo - m.lengthDays > 0)).toBe(true);
  });

  it('lets some pathways complete repayment and aftercare', () => {
    // when
    const completed = scenarios.filter((s) => s.outcome === 'completed');
    // then
    expect(completed.length).toBeGreaterThanOrEqual(3);
    for (const s of completed) {
      const kinds = s.steps.map((step) => step.kind);
      expect(kinds.slice(-4)).toEqual(['grant-settlement', 'repayment', 'aftercare', 'close']);
      expect(kinds.indexOf('settlement-offer')).toBeLessThan(kinds.indexOf('grant-settlement'));
      expect(s.steps[s.steps.length - 1]).toEqual({ kind: 'close', reason: 'Afgerond' });
    }
  });

  it('waits for social work to accept before recording first contact on its side', () => {
    // then
    for (const s of scenarios) {
      const kinds = s.steps.map((step) => step.kind);
      const contact = kinds.indexOf('social-work-first-contact');
      if (contact >= 0) expect(kinds.indexOf('social-work-accept')).toBeLessThan(contact);
    }
  });

  it('refuses fewer pathways than it needs to show every storyline', () => {
    // then
    expect(() => generateScenarios({ pathways: MIN_PATHWAYS - 1, seed: 1 })).toThrow(/at least/);
    expect(generateScenarios({ pathways: 200, seed: 7 })).toHaveLength(200);
  });
});

describe('demo resident BSN', () => {
  it('passes the elfproef and differs per pathway and per run', () => {
    // when
    const run = Array.from({ length: 300 }, (_, i) => demoBsn(424242, i + 1));
    // then
    expect(run.every(elfproef)).toBe(true);
    expect(new Set(run).size).toBe(run.length);
    expect(demoBsn(424243, 1)).not.toBe(demoBsn(424242, 1));
  });
});
