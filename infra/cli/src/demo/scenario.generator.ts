import { SeededRandom } from './seeded.random';

// The demo's scenario generator: pure and seeded, so `ketenpad demo --seed N`
// describes the same pathways every time. It only says WHAT happens to each
// pathway, as a list of steps; the runner turns steps into API calls.
// Code values are spelled exactly as the services' DTOs validate them.

/** Municipalities of the dev organisation directory. */
export const DEMO_MUNICIPALITIES = ['GM0363', 'GM0344', 'GM0599'] as const;
export type DemoMunicipality = (typeof DEMO_MUNICIPALITIES)[number];

/** The six cross-service flows of EVENTS.md. */
export const FLOWS = {
  1: 'GP referral with consent',
  2: 'stabilisation by social work',
  3: 'urgent eviction -> moratorium',
  4: 'forced settlement / Wsnp',
  5: 'declined or bounced referral',
  6: 'consent withdrawn',
} as const;
export type FlowNumber = keyof typeof FLOWS;

/** The storyline a pathway follows. */
export type Archetype =
  | 'counter'
  | 'early-signal'
  | 'gp-referral'
  | 'stabilisation'
  | 'urgent-eviction'
  | 'court-settlement'
  | 'bounce'
  | 'consent-withdrawn';

export type CrisisType = 'eviction' | 'energy' | 'water' | 'heat' | 'health-insurance' | 'other';
export type DropOutReason = 'Nietverschenen' | 'Ingetrokken' | 'Zelf' | 'Voldoet niet' | 'Verhuisd';
export type Breach = 'none' | 'overdue' | 'late-conversation';
export type Outcome = 'signal-only' | 'waiting' | 'in-progress' | 'dropped-out' | 'completed';

/** One thing that happens to a pathway, in order. `await-*` steps wait for another service's reaction. */
export type DemoStep =
  | { kind: 'receive-early-signal'; signalPartnerType: string; arrearsCents: number; arrearsSinceDaysAgo: number; signalledDaysAgo: number; crisis: CrisisType | null; warmHandover: boolean }
  | { kind: 'register-help-request'; channel: 'balie' | 'telefoon' | 'digitaal' | 'verwijzing' | 'vroegsignaal'; crisis: CrisisType | null; requestedDaysAgo: number }
  | { kind: 'gp-record-consent' }
  | { kind: 'gp-refer-to-municipality'; urgent: boolean }
  | { kind: 'await-gp-referral'; status: 'accepted' | 'outcome-received' }
  | { kind: 'hold-first-conversation'; heldDaysAgo: number }
  | { kind: 'decide-intake'; decision: 'toelating' | 'afwijzing'; closeReason?: DropOutReason }
  | { kind: 'set-plan-of-action'; supportTypes: readonly ('budget-coaching' | 'debt-settlement' | 'home-visits')[] }
  | { kind: 'start-stabilisation'; guidance: 'Budgetcoaching' | 'Budgetbeheer' }
  | { kind: 'reach-stabilisation' }
  | { kind: 'record-consent'; grantee: 'social-work' | 'court-liaison'; purpose: 'stabilisation-support' | 'referral' | 'debt-assistance' }
  | { kind: 'withdraw-consent' }
  | { kind: 'refer-to-social-work'; reason: 'stabilisation' | 'budget-coaching' | 'financial-worries'; urgent: boolean }
  | { kind: 'social-work-accept' }
  | { kind: 'social-work-decline'; reason: 'no-capacity' | 'not-suitable' | 'outside-service-area' }
  | { kind: 'social-work-first-contact'; contactKind: 'Telefoon' | 'Huisbezoek' | 'Brief' }
  | { kind: 'social-work-start-support'; support: 'budget-coaching' | 'home-visits' }
  | { kind: 'social-work-end-support'; support: 'budget-coaching' | 'home-visits'; outcome: 'completed' | 'stopped-by-resident' }
  | { kind: 'social-work-flag-urgent'; threat: 'eviction'; dueInDays: number }
  | { kind: 'await-deadline-shortened' }
  | { kind: 'social-work-refer-back'; reason: 'debt-assistance' }
  | { kind: 'await-referral-accepted-on-timeline' }
  | { kind: 'refer-to-court'; reason: 'urgent-threat' | 'court-procedure'; urgent: boolean }
  | { kind: 'court-accept-referral' }
  | { kind: 'court-moratorium'; startsDaysAgo: number; lengthDays: number }
  | { kind: 'court-forced-settlement'; outcome: 'granted' | 'rejected' }
  | { kind: 'court-wsnp'; termMonths: number }
  /** Debts inventoried, settlement proposed (-> oplossing), every creditor answers. */
  | { kind: 'settlement-offer'; creditorCount: number; totalDebtCents: number; creditorsRefuse: boolean }
  | { kind: 'grant-settlement' }
  /** Repayment started (-> aflossing) and completed. */
  | { kind: 'repayment' }
  /** Aftercare started (-> nazorg) and ended. */
  | { kind: 'aftercare' }
  | { kind: 'close'; reason: DropOutReason | 'Afgerond' };

export interface DemoScenario {
  /** 1-based; also picks the resident's BSN in the runner. */
  readonly index: number;
  readonly municipality: DemoMunicipality;
  readonly archetype: Archetype;
  readonly flows: readonly FlowNumber[];
  /** Crisis reported with the help request or early signal (3-working-day term). */
  readonly crisis: CrisisType | null;
  readonly breach: Breach;
  readonly bounced: boolean;
  readonly dropOut: DropOutReason | null;
  readonly outcome: Outcome;
  /** A granted moratorium whose end date lies in the past: `moratorium-ended` must follow. */
  readonly expiredMoratorium: boolean;
  readonly steps: readonly DemoStep[];
}

export interface GeneratorOptions {
  readonly pathways: number;
  readonly seed: number;
}

export const DEFAULT_PATHWAYS = 60;
export const DEFAULT_SEED = 20250301;
/** Fewer pathways cannot show every storyline. */
export const MIN_PATHWAYS = 16;

/** Shares of the storylines; `counter` takes the rest. */
const ARCHETYPE_SHARES: ReadonlyArray<readonly [Archetype, number]> = [
  ['gp-referral', 0.12],
  ['stabilisation', 0.18],
  ['urgent-eviction', 0.1],
  ['court-settlement', 0.12],
  ['bounce', 0.1],
  ['consent-withdrawn', 0.06],
  ['early-signal', 0.12],
];
/** DOMAIN.md: about a quarter of help requests come with a crisis. */
const CRISIS_SHARE = 0.25;
/** DOMAIN.md §5: 40 % drop out before a debt arrangement starts. */
const DROP_OUT_SHARE = 0.4;
const BREACH_SHARE = 0.12;
/** Early signals that never become a help request (DOMAIN.md: only a minority accepts help). */
const SIGNAL_ONLY_SHARE = 0.35;

const CRISIS_AT_REQUEST: readonly CrisisType[] = ['energy', 'eviction', 'water', 'health-insurance', 'heat', 'other'];
const SIGNAL_PARTNERS = ['CAK Zorgverzekeringen', 'Energie', 'Huur', 'Water', 'Zorg', 'DUO'] as const;

/** Scenarios for `pathways` pathways; the same options give the same scenarios. */
export function generateScenarios(options: GeneratorOptions): DemoScenario[] {
  const { pathways: n, seed } = options;
  if (!Number.isInteger(n) || n < MIN_PATHWAYS) throw new Error(`pathways must be a whole number of at least ${MIN_PATHWAYS}`);
  const random = new SeededRandom(seed);

  const archetypes: Archetype[] = [];
  for (const [archetype, share] of ARCHETYPE_SHARES) {
    for (let i = 0; i < Math.max(1, Math.round(share * n)); i++) archetypes.push(archetype);
  }
  while (archetypes.length < n) archetypes.push('counter');
  const order = random.shuffle(archetypes.slice(0, n));

  const signalOnly = new Set(pickIndexes(random, order, (a) => a === 'early-signal', Math.max(1, Math.round(SIGNAL_ONLY_SHARE * count(order, 'early-signal')))));
  // Breaches: the Wgs 4-week term passed; only on requests without a crisis.
  const breachable = (a: Archetype, i: number): boolean => ['counter', 'stabilisation', 'bounce', 'early-signal'].includes(a) && !signalOnly.has(i);
  const breachIndexes = pickIndexes(random, order, breachable, Math.max(2, Math.round(BREACH_SHARE * n)));
  const breaches = new Map<number, Breach>(breachIndexes.map((i, k) => [i, k % 2 === 0 ? 'overdue' : 'late-conversation']));
  const crisisable = (a: Archetype, i: number): boolean =>
    ['counter', 'stabilisation', 'court-settlement', 'consent-withdrawn', 'early-signal', 'gp-referral'].includes(a) && !breaches.has(i);
  const crises = new Set(pickIndexes(random, order, crisisable, Math.round(CRISIS_SHARE * n)));
  // Drop-out: storylines that end before a settlement; an overdue request stays open on purpose.
  const droppable = (a: Archetype, i: number): boolean =>
    !['court-settlement', 'urgent-eviction'].includes(a) && !signalOnly.has(i) && breaches.get(i) !== 'overdue';
  const dropOuts = new Set(pickIndexes(random, order, droppable, Math.round(DROP_OUT_SHARE * n)));

  return order.map((archetype, i) => {
    const breach = breaches.get(i) ?? 'none';
    const crisis = crises.has(i) ? random.pick(CRISIS_AT_REQUEST) : null;
    return buildScenario(random, {
      index: i + 1,
      municipality: DEMO_MUNICIPALITIES[i % DEMO_MUNICIPALITIES.length]!,
      archetype,
      crisis,
      breach,
      dropOut: dropOuts.has(i),
      signalOnly: signalOnly.has(i),
    });
  });
}

interface ScenarioChoice {
  index: number;
  municipality: DemoMunicipality;
  archetype: Archetype;
  crisis: CrisisType | null;
  breach: Breach;
  dropOut: boolean;
  signalOnly: boolean;
}

function buildScenario(random: SeededRandom, choice: ScenarioChoice): DemoScenario {
  const { archetype, crisis, breach } = choice;
  const steps: DemoStep[] = [];
  const flows = new Set<FlowNumber>();
  let dropOut: DropOutReason | null = null;
  let outcome: Outcome = 'in-progress';
  let bounced = false;
  let expiredMoratorium = false;
  const done = (): DemoScenario => ({
    index: choice.index,
    municipality: choice.municipality,
    archetype,
    flows: [...flows].sort(),
    crisis,
    breach,
    bounced,
    dropOut,
    outcome,
    expiredMoratorium,
    steps,
  });

  // When the request came in: weeks ago for a breach, else within the term
  // (DOMAIN.md: 11 days on average to an appointment).
  const requestedDaysAgo = breach === 'overdue' ? random.int(35, 56) : breach === 'late-conversation' ? random.int(45, 70) : crisis ? 0 : random.int(1, 14);
  const heldDaysAgo = breach === 'late-conversation' ? requestedDaysAgo - random.int(31, 40) : 0;

  // 1. The way in.
  if (archetype === 'early-signal') {
    steps.push({
      kind: 'receive-early-signal',
      signalPartnerType: random.pick(SIGNAL_PARTNERS),
      arrearsCents: random.int(27_000, 450_000),
      arrearsSinceDaysAgo: random.int(60, 200),
      signalledDaysAgo: requestedDaysAgo + random.int(1, 10),
      crisis,
      warmHandover: random.chance(0.3),
    });
    if (choice.signalOnly) {
      outcome = 'signal-only';
      return done();
    }
    steps.push({ kind: 'register-help-request', channel: 'vroegsignaal', crisis, requestedDaysAgo });
  } else if (archetype === 'gp-referral') {
    flows.add(1);
    steps.push(
      { kind: 'register-help-request', channel: 'verwijzing', crisis, requestedDaysAgo },
      { kind: 'gp-record-consent' },
      { kind: 'gp-refer-to-municipality', urgent: crisis !== null },
      { kind: 'await-gp-referral', status: 'accepted' },
    );
  } else {
    steps.push({ kind: 'register-help-request', channel: random.pick(['balie', 'telefoon', 'digitaal'] as const), crisis, requestedDaysAgo });
  }

  if (breach === 'overdue') {
    // Still waiting for a first conversation, weeks past the Wgs term.
    outcome = 'waiting';
    return done();
  }

  // A first conversation held late was held: that resident drops out later, not as a no-show.
  const drawnStage = choice.dropOut ? dropOutStage(random, archetype) : null;
  const dropStage = drawnStage === 'no-show' && breach === 'late-conversation' ? 'after-plan' : drawnStage;
  if (dropStage === 'no-show') {
    dropOut = 'Nietverschenen';
    outcome = 'dropped-out';
    steps.push({ kind: 'close', reason: dropOut });
    return done();
  }

  // 2. Flow 3: social work knows the household and flags the eviction before the first conversation.
  if (archetype === 'urgent-eviction') {
    flows.add(3);
    steps.push(
      { kind: 'record-consent', grantee: 'social-work', purpose: 'stabilisation-support' },
      { kind: 'refer-to-social-work', reason: 'financial-worries', urgent: false },
      { kind: 'social-work-accept' },
      { kind: 'social-work-first-contact', contactKind: 'Huisbezoek' },
      { kind: 'social-work-flag-urgent', threat: 'eviction', dueInDays: random.int(7, 20) },
      { kind: 'await-deadline-shortened' },
    );
  }

  // 3. Intake.
  steps.push({ kind: 'hold-first-conversation', heldDaysAgo });
  if (archetype === 'gp-referral') steps.push({ kind: 'await-gp-referral', status: 'outcome-received' });
  if (dropStage === 'intake-rejected') {
    dropOut = 'Voldoet niet';
    outcome = 'dropped-out';
    steps.push({ kind: 'decide-intake', decision: 'afwijzing', closeReason: dropOut });
    return done();
  }
  steps.push({ kind: 'decide-intake', decision: 'toelating' });
  steps.push({
    kind: 'set-plan-of-action',
    supportTypes: ['stabilisation', 'consent-withdrawn', 'bounce'].includes(archetype) ? ['budget-coaching', 'debt-settlement'] : ['debt-settlement'],
  });

  if (archetype === 'urgent-eviction') {
    expiredMoratorium = random.chance(0.5);
    steps.push(
      { kind: 'refer-to-court', reason: 'urgent-threat', urgent: true },
      { kind: 'court-accept-referral' },
      expiredMoratorium
        ? { kind: 'court-moratorium', startsDaysAgo: random.int(100, 170), lengthDays: random.int(60, 95) }
        : { kind: 'court-moratorium', startsDaysAgo: 0, lengthDays: random.int(90, 180) },
    );
  }

  // 4. Plan van aanpak: stabilisation by social work (flows 2, 5, 6).
  let support: 'budget-coaching' | 'home-visits' | null = null;
  if (archetype === 'bounce') {
    flows.add(5);
    bounced = true;
    steps.push(
      { kind: 'record-consent', grantee: 'social-work', purpose: 'stabilisation-support' },
      { kind: 'refer-to-social-work', reason: 'stabilisation', urgent: false },
      { kind: 'social-work-decline', reason: random.pick(['no-capacity', 'outside-service-area'] as const) },
      { kind: 'refer-to-social-work', reason: 'budget-coaching', urgent: false },
      { kind: 'social-work-accept' },
      { kind: 'social-work-first-contact', contactKind: 'Telefoon' },
      // Social work sends the resident straight back: the "kastje-muur" pattern.
      { kind: 'social-work-refer-back', reason: 'debt-assistance' },
      { kind: 'await-referral-accepted-on-timeline' },
    );
  }
  if (archetype === 'stabilisation' || archetype === 'consent-withdrawn' || (archetype === 'urgent-eviction' && random.chance(0.5))) {
    flows.add(2);
    support = 'budget-coaching';
    if (archetype !== 'urgent-eviction') {
      steps.push(
        { kind: 'record-consent', grantee: 'social-work', purpose: 'stabilisation-support' },
        { kind: 'refer-to-social-work', reason: random.pick(['stabilisation', 'budget-coaching'] as const), urgent: false },
        { kind: 'social-work-accept' },
        { kind: 'social-work-first-contact', contactKind: random.pick(['Telefoon', 'Huisbezoek'] as const) },
      );
    }
    steps.push({ kind: 'social-work-start-support', support }, { kind: 'start-stabilisation', guidance: random.pick(['Budgetcoaching', 'Budgetbeheer'] as const) });
    if (archetype === 'consent-withdrawn' || (archetype === 'stabilisation' && random.chance(0.2))) {
      flows.add(6);
      steps.push({ kind: 'withdraw-consent' });
    }
  }

  if (dropStage === 'after-plan') {
    dropOut = random.pick(['Ingetrokken', 'Ingetrokken', 'Zelf', 'Zelf', 'Verhuisd'] as const);
    outcome = 'dropped-out';
    if (support) steps.push({ kind: 'social-work-end-support', support, outcome: 'stopped-by-resident' });
    steps.push({ kind: 'close', reason: dropOut });
    return done();
  }

  // 5. Towards a settlement (flow 4) and repayment.
  const completes = archetype !== 'urgent-eviction' && archetype !== 'bounce' && random.chance(0.45);
  if (archetype === 'court-settlement') {
    flows.add(4);
    steps.push(
      settlementOffer(random, true),
      { kind: 'record-consent', grantee: 'court-liaison', purpose: 'debt-assistance' },
      { kind: 'refer-to-court', reason: 'court-procedure', urgent: false },
      { kind: 'court-accept-referral' },
    );
    if (random.chance(0.55)) {
      const outcomeOfCourt = random.chance(0.75) ? 'granted' : 'rejected';
      steps.push({ kind: 'court-forced-settlement', outcome: outcomeOfCourt });
      if (outcomeOfCourt === 'rejected') steps.push({ kind: 'court-wsnp', termMonths: 18 });
      else {
        steps.push({ kind: 'grant-settlement' });
        if (completes) return finish();
      }
    } else {
      steps.push({ kind: 'court-wsnp', termMonths: 18 });
    }
    return done();
  }
  if (completes) {
    if (support) steps.push({ kind: 'reach-stabilisation' }, { kind: 'social-work-end-support', support, outcome: 'completed' });
    steps.push(settlementOffer(random, false), { kind: 'grant-settlement' });
    return finish();
  }
  return done();

  function finish(): DemoScenario {
    steps.push({ kind: 'repayment' }, { kind: 'aftercare' }, { kind: 'close', reason: 'Afgerond' });
    outcome = 'completed';
    return done();
  }
}

/** DOMAIN.md: 13 creditors and about EUR 40,000 of debt on average. */
function settlementOffer(random: SeededRandom, creditorsRefuse: boolean): DemoStep {
  return { kind: 'settlement-offer', creditorCount: random.int(4, 18), totalDebtCents: random.int(800_000, 7_500_000), creditorsRefuse };
}

type DropOutStage = 'no-show' | 'intake-rejected' | 'after-plan';

function dropOutStage(random: SeededRandom, archetype: Archetype): DropOutStage {
  // Social-work storylines drop out once the support runs; a GP referral is always seen once.
  if (['stabilisation', 'consent-withdrawn', 'bounce'].includes(archetype)) return 'after-plan';
  if (archetype === 'gp-referral') return random.chance(0.4) ? 'intake-rejected' : 'after-plan';
  const r = random.next();
  return r < 0.35 ? 'no-show' : r < 0.55 ? 'intake-rejected' : 'after-plan';
}

/** `wanted` distinct indexes whose archetype passes `eligible`, chosen at random (fewer when not enough qualify). */
function pickIndexes(random: SeededRandom, order: readonly Archetype[], eligible: (a: Archetype, i: number) => boolean, wanted: number): number[] {
  const candidates = order.map((a, i) => (eligible(a, i) ? i : -1)).filter((i) => i >= 0);
  return random.shuffle(candidates).slice(0, wanted);
}

function count(order: readonly Archetype[], archetype: Archetype): number {
  return order.filter((a) => a === archetype).length;
}
