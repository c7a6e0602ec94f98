import { WorkingDayCalendar } from '@ketenpad/calendar';
import { WgsDeadlinePolicy } from '@ketenpad/calendar';
import { DomainRuleViolation } from '../domain-rule-violation';
import type { PathwayCommand } from './pathway.commands';
import { decide, type PathwayRules } from './pathway.decider';
import type { PathwayEvent } from './pathway.events';
import { evolveAll, initialPathwayState, type PathwayState } from './pathway.state';

const PATHWAY = '0b7e6c1a-2f4d-4e8a-9c3b-5d6e7f8a9b0c';
const rules: PathwayRules = { deadlines: new WgsDeadlinePolicy(WorkingDayCalendar.netherlands()) };

function given(...events: PathwayEvent[]): { when: (command: PathwayCommand) => PathwayEvent[]; refuses: (command: PathwayCommand) => string; state: PathwayState } {
  const state = evolveAll(initialPathwayState(PATHWAY, 'GM0363'), events);
  return {
    state,
    when: (command) => decide(command, state, rules),
    refuses: (command) => {
      try {
        decide(command, state, rules);
      } catch (error) {
        if (error instanceof DomainRuleViolation) return error.message;
        throw error;
      }
      throw new Error(`expected ${command.type} to be refused`);
    },
  };
}

/** given history + command → history with the command's events appended. */
function after(history: PathwayEvent[], ...commands: PathwayCommand[]): PathwayEvent[] {
  return commands.reduce<PathwayEvent[]>((events, command) => [...events, ...given(...events).when(command)], history);
}

const t = (iso: string): Date => new Date(iso);
const ev = <T extends PathwayEvent['type']>(type: T, data: Extract<PathwayEvent, { type: T }>['data']): PathwayEvent =>
  ({ type, pathwayId: PATHWAY, data }) as PathwayEvent;
const phase = (from: string | null, to: string, at: string): PathwayEvent =>
  ({ type: 'phase-changed', pathwayId: PATHWAY, data: { from, to, at } }) as PathwayEvent;

const signalled = ev('early-signal-received', {
  signalPartnerType: 'Energie',
  arrearsCents: 84500,
  arrearsSince: '2024-12-01',
  signalledAt: '2025-03-01',
  crisis: null,
  warmHandover: false,
});
const opened = [
  ev('help-requested', { channel: 'balie', requestedAt: '2025-03-03T09:00:00.000Z', crisis: null, firstConversationDue: '2025-03-31', municipalityCode: 'GM0363' }),
  phase(null, 'aanmelding', '2025-03-03T09:00:00.000Z'),
];
const inIntake = [
  ...opened,
  ev('first-conversation-held', { heldAt: '2025-03-10T10:00:00.000Z', deadlineMet: true, firstConversationDue: '2025-03-31' }),
  phase('aanmelding', 'intake', '2025-03-10T10:00:00.000Z'),
];
const inPlan = [
  ...inIntake,
  ev('intake-decided', { decision: 'Toelatingsbeschikking', decidedAt: '2025-03-20' }),
  phase('intake', 'plan-van-aanpak', '2025-03-20T12:00:00.000Z'),
];
const debts = { type: 'inventory-debts', creditorCount: 2, totalDebtCents: 1_845_000, debtTypes: ['Nuts', 'Zorg'], at: t('2025-03-25T09:00:00Z') } as const;
const proposal = { type: 'propose-settlement', solutionKind: 'Schuldbemiddeling', vtlbCents: 145_000, termMonths: 18, at: t('2025-05-01T09:00:00Z') } as const;
const inventoried = after(inPlan, debts);
const proposed = after(inventoried, proposal);
const granted = after(proposed, { type: 'decide-settlement', decision: 'granted', at: t('2025-06-01T09:00:00Z') });
const repaying = after(granted, { type: 'start-repayment', at: t('2025-06-02T09:00:00Z') });

describe('Trajectory decider', () => {
  describe('contact attempts (DDAS contactpogingen)', () => {
    it('records an attempt on a pathway that only has early signals, before any first conversation', () => {
      expect(given(signalled).when({ type: 'attempt-contact', kind: 'Huisbezoek', reached: false, at: t('2025-03-04T10:00:00Z') })).toEqual([
        ev('contact-attempted', { kind: 'Huisbezoek', reached: false, at: '2025-03-04T10:00:00.000Z' }),
      ]);
    });

    it('counts attempts and remembers when the resident was last reached', () => {
      const history = after(
        [signalled],
        { type: 'attempt-contact', kind: 'Brief', reached: false, at: t('2025-03-04T10:00:00Z') },
        { type: 'attempt-contact', kind: 'Telefoon', reached: true, at: t('2025-03-05T10:00:00Z') },
      );
      expect(given(...history).state.trajectory.contactAttempts).toEqual({
        count: 2,
        lastReachedAt: '2025-03-05T10:00:00.000Z',
        lastKind: 'Telefoon',
        log: [
          { kind: 'Brief', reached: false, at: '2025-03-04T10:00:00.000Z' },
          { kind: 'Telefoon', reached: true, at: '2025-03-05T10:00:00.000Z' },
        ],
      });
    });

    it('refuses an attempt on a pathway that does not exist', () => {
      expect(given().refuses({ type: 'attempt-contact', kind: 'Mail', reached: false, at: t('2025-03-04T10:00:00Z') })).toMatch(/does not exist/);
    });
  });

  describe('offer of help after an early signal', () => {
    it('pauses collection until 30 days after the day of acceptance', () => {
      expect(given(signalled).when({ type: 'answer-help-offer', answer: 'accepted', at: t('2025-03-10T09:30:00Z') })).toEqual([
        ev('help-offer-accepted', { at: '2025-03-10T09:30:00.000Z', collectionPausedUntil: '2025-04-09' }),
      ]);
    });

    it('counts the 30 days from the Amsterdam calendar day, not the UTC one', () => {
      // 23:30 UTC on 9 March is already 10 March in Amsterdam
      const [accepted] = given(signalled).when({ type: 'answer-help-offer', answer: 'accepted', at: t('2025-03-09T23:30:00Z') });
      expect(accepted).toMatchObject({ data: { collectionPausedUntil: '2025-04-09' } });
    });

    it('records a decline', () => {
      expect(given(signalled).when({ type: 'answer-help-offer', answer: 'declined', at: t('2025-03-10T09:30:00Z') })).toEqual([
        ev('help-offer-declined', { at: '2025-03-10T09:30:00.000Z' }),
      ]);
    });

    it('refuses an answer on a pathway that did not start from an early signal', () => {
      expect(given(...opened).refuses({ type: 'answer-help-offer', answer: 'accepted', at: t('2025-03-10T09:30:00Z') })).toMatch(/follows an early signal/);
    });

    it('refuses a second answer', () => {
      const history = after([signalled], { type: 'answer-help-offer', answer: 'declined', at: t('2025-03-10T09:30:00Z') });
      expect(given(...history).refuses({ type: 'answer-help-offer', answer: 'accepted', at: t('2025-03-11T09:30:00Z') })).toMatch(/already declined/);
    });
  });

  describe('crisis interventions', () => {
    const start = { type: 'start-crisis-intervention', threat: 'eviction', at: t('2025-03-04T08:00:00Z') } as const;

    it('starts and ends an intervention, naming the threat on both', () => {
      const history = after(opened, start);
      expect(history.at(-1)).toEqual(ev('crisis-intervention-started', { threat: 'eviction', at: '2025-03-04T08:00:00.000Z' }));
      expect(given(...history).when({ type: 'end-crisis-intervention', at: t('2025-03-06T08:00:00Z') })).toEqual([
        ev('crisis-intervention-ended', { threat: 'eviction', at: '2025-03-06T08:00:00.000Z' }),
      ]);
    });

    it('keeps an ended intervention in the history with its end, while no longer running', () => {
      // given
      const history = after(opened, start, { type: 'end-crisis-intervention', at: t('2025-03-06T08:00:00Z') });
      // when
      const { crisisInterventions, crisisInterventionHistory } = given(...history).state.trajectory;
      // then
      expect(crisisInterventions).toEqual({});
      expect(crisisInterventionHistory).toEqual([
        { kind: 'eviction', startedAt: '2025-03-04T08:00:00.000Z', endedAt: '2025-03-06T08:00:00.000Z' },
      ]);
    });

    it('refuses ending when none was started', () => {
      expect(given(...opened).refuses({ type: 'end-crisis-intervention', at: t('2025-03-06T08:00:00Z') })).toMatch(/no crisis intervention is running/);
    });

    it('refuses ending an intervention for another threat than the running one', () => {
      const history = after(opened, start);
      expect(given(...history).refuses({ type: 'end-crisis-intervention', threat: 'energy', at: t('2025-03-06T08:00:00Z') })).toMatch(
        /no crisis intervention for energy is running \(running: eviction\)/,
      );
    });

    it('asks for the threat when several interventions run', () => {
      const history = after(opened, start, { ...start, threat: 'energy' });
      expect(given(...history).refuses({ type: 'end-crisis-intervention', at: t('2025-03-06T08:00:00Z') })).toMatch(/name the threat/);
    });

    it('refuses a second intervention for the same threat, and an end dated before the start', () => {
      const history = after(opened, start);
      expect(given(...history).refuses(start)).toMatch(/already running/);
      expect(given(...history).refuses({ type: 'end-crisis-intervention', at: t('2025-03-01T08:00:00Z') })).toMatch(/before it started/);
    });
  });

  describe('plan of action', () => {
    const plan = { type: 'set-plan-of-action', supportTypes: ['budget-coaching', 'debt-settlement'], at: t('2025-03-21T09:00:00Z') } as const;

    it('is set in the plan van aanpak and moves no phase', () => {
      expect(given(...inPlan).when(plan)).toEqual([
        ev('plan-of-action-set', { at: '2025-03-21T09:00:00.000Z', supportTypes: ['budget-coaching', 'debt-settlement'] }),
      ]);
    });

    it('may be revised later in the trajectory', () => {
      expect(given(...after(inPlan, plan, { type: 'start-stabilisation', at: t('2025-03-22T09:00:00Z') })).when(plan)).toHaveLength(1);
    });

    it('refuses a plan before the toelating', () => {
      expect(given(...inIntake).refuses(plan)).toMatch(/needs a toelatingsbeschikking; the pathway is in phase intake/);
    });

    it('refuses a plan without support or with a kind named twice', () => {
      expect(given(...inPlan).refuses({ ...plan, supportTypes: [] })).toMatch(/at least one kind of support/);
      expect(given(...inPlan).refuses({ ...plan, supportTypes: ['other', 'other'] })).toMatch(/each once/);
    });
  });

  describe('stabilisation', () => {
    const start = { type: 'start-stabilisation', at: t('2025-04-01T09:00:00Z') } as const;

    it('starts from the plan van aanpak and moves the pathway to stabilisatie', () => {
      expect(given(...inPlan).when(start)).toEqual([
        ev('stabilisation-started', { at: '2025-04-01T09:00:00.000Z' }),
        phase('plan-van-aanpak', 'stabilisatie', '2025-04-01T09:00:00.000Z'),
      ]);
    });

    it('starts without a phase change when the phase was already moved to stabilisatie by hand', () => {
      const history = [...inPlan, phase('plan-van-aanpak', 'stabilisatie', '2025-03-30T09:00:00.000Z')];
      expect(given(...history).when(start)).toEqual([ev('stabilisation-started', { at: '2025-04-01T09:00:00.000Z' })]);
    });

    it('is reached once, after it started', () => {
      const history = after(inPlan, start);
      expect(given(...history).when({ type: 'reach-stabilisation', at: t('2025-05-01T09:00:00Z') })).toEqual([
        ev('stabilisation-reached', { at: '2025-05-01T09:00:00.000Z' }),
      ]);
      const reached = after(history, { type: 'reach-stabilisation', at: t('2025-05-01T09:00:00Z') });
      expect(given(...reached).refuses({ type: 'reach-stabilisation', at: t('2025-05-02T09:00:00Z') })).toMatch(/already reached/);
    });

    it('refuses reaching stabilisation that never started, and starting it twice', () => {
      expect(given(...inPlan).refuses({ type: 'reach-stabilisation', at: t('2025-05-01T09:00:00Z') })).toMatch(/has not started/);
      expect(given(...after(inPlan, start)).refuses(start)).toMatch(/already started/);
    });

    it('refuses starting stabilisation in the intake or after the oplossing began', () => {
      expect(given(...inIntake).refuses(start)).toMatch(/starts from the plan van aanpak/);
      expect(given(...proposed).refuses({ ...start, at: t('2025-05-02T09:00:00Z') })).toMatch(/already past stabilisation/);
    });
  });

  describe('guidance (begeleiding)', () => {
    const start = { type: 'start-guidance', kind: 'Budgetbeheer', at: t('2025-03-21T09:00:00Z') } as const;

    it('starts and ends a kind of guidance', () => {
      const history = after(inPlan, start);
      expect(history.at(-1)).toEqual(ev('guidance-started', { kind: 'Budgetbeheer', at: '2025-03-21T09:00:00.000Z' }));
      expect(given(...history).when({ type: 'end-guidance', kind: 'Budgetbeheer', at: t('2025-09-01T09:00:00Z') })).toEqual([
        ev('guidance-ended', { kind: 'Budgetbeheer', at: '2025-09-01T09:00:00.000Z' }),
      ]);
    });

    it('keeps the history of every guidance: an ended one keeps its end, the same kind again is a new span', () => {
      // given
      const history = after(
        inPlan,
        start,
        { type: 'end-guidance', kind: 'Budgetbeheer', at: t('2025-06-01T09:00:00Z') },
        { ...start, kind: 'Budgetcoaching', at: t('2025-06-02T09:00:00Z') },
        { ...start, at: t('2025-07-01T09:00:00Z') },
      );
      // when
      const { guidance, guidanceHistory } = given(...history).state.trajectory;
      // then
      expect(guidanceHistory).toEqual([
        { kind: 'Budgetbeheer', startedAt: '2025-03-21T09:00:00.000Z', endedAt: '2025-06-01T09:00:00.000Z' },
        { kind: 'Budgetcoaching', startedAt: '2025-06-02T09:00:00.000Z', endedAt: null },
        { kind: 'Budgetbeheer', startedAt: '2025-07-01T09:00:00.000Z', endedAt: null },
      ]);
      expect(guidance).toEqual({ Budgetcoaching: '2025-06-02T09:00:00.000Z', Budgetbeheer: '2025-07-01T09:00:00.000Z' });
    });

    it('runs several kinds side by side but refuses the same kind twice', () => {
      const history = after(inPlan, start, { ...start, kind: 'Budgetcoaching' });
      expect(Object.keys(given(...history).state.trajectory.guidance)).toEqual(['Budgetbeheer', 'Budgetcoaching']);
      expect(given(...history).refuses(start)).toMatch(/Budgetbeheer is already running/);
    });

    it('refuses ending a kind that is not running', () => {
      const history = after(inPlan, start);
      expect(given(...history).refuses({ type: 'end-guidance', kind: 'Beschermingsbewind', at: t('2025-09-01T09:00:00Z') })).toMatch(
        /Beschermingsbewind is not running \(running: Budgetbeheer\)/,
      );
    });

    it('refuses guidance on a pathway without a help request', () => {
      expect(given(signalled).refuses(start)).toMatch(/no help request yet/);
    });
  });

  describe('debts', () => {
    it('are inventoried from the intake on', () => {
      expect(given(...inIntake).when(debts)).toEqual([
        ev('debts-inventoried', { creditorCount: 2, totalDebtCents: 1_845_000, debtTypes: ['Nuts', 'Zorg'], at: '2025-03-25T09:00:00.000Z' }),
      ]);
    });

    it('refuses an inventory before the first conversation', () => {
      expect(given(...opened).refuses(debts)).toMatch(/from the intake on/);
    });

    it('refuses inconsistent amounts', () => {
      expect(given(...inPlan).refuses({ ...debts, creditorCount: 0 })).toMatch(/debts without creditors/);
      expect(given(...inPlan).refuses({ ...debts, totalDebtCents: -1 })).toMatch(/euro cents/);
      expect(given(...inPlan).refuses({ ...debts, debtTypes: ['Nuts', 'Nuts'] })).toMatch(/named once/);
    });

    it('refuses a new inventory while a settlement built on it is pending', () => {
      expect(given(...proposed).refuses(debts)).toMatch(/settlement based on the current inventory is pending/);
    });
  });

  describe('settlement', () => {
    it('is proposed from the plan van aanpak and moves the pathway to oplossing', () => {
      expect(given(...inventoried).when(proposal)).toEqual([
        ev('settlement-proposed', { solutionKind: 'Schuldbemiddeling', vtlbCents: 145_000, termMonths: 18, at: '2025-05-01T09:00:00.000Z' }),
        phase('plan-van-aanpak', 'oplossing', '2025-05-01T09:00:00.000Z'),
      ]);
    });

    it('is proposed without a phase change when the pathway is already in oplossing', () => {
      const history = [...inventoried, phase('plan-van-aanpak', 'oplossing', '2025-04-01T09:00:00.000Z')];
      expect(given(...history).when(proposal).map((e) => e.type)).toEqual(['settlement-proposed']);
    });

    it('refuses a proposal without an inventory of the debts', () => {
      expect(given(...inPlan).refuses(proposal)).toMatch(/inventory the debts before/);
    });

    it('refuses a proposal in the intake', () => {
      expect(given(...after(inIntake, debts)).refuses(proposal)).toMatch(/from the plan van aanpak on/);
    });

    it('refuses a second proposal while one is pending', () => {
      expect(given(...proposed).refuses(proposal)).toMatch(/still pending/);
    });

    it('allows a new proposal after a rejection', () => {
      const rejected = after(proposed, { type: 'decide-settlement', decision: 'rejected', at: t('2025-06-01T09:00:00Z') });
      expect(given(...rejected).when({ ...proposal, solutionKind: 'Saneringskrediet', at: t('2025-06-10T09:00:00Z') }).map((e) => e.type)).toEqual([
        'settlement-proposed',
      ]);
    });

    it('refuses a term outside 1..120 months', () => {
      expect(given(...inventoried).refuses({ ...proposal, termMonths: 0 })).toMatch(/termMonths/);
    });

    it('records creditor responses while the proposal is pending, at most one per creditor', () => {
      const respond = { type: 'record-creditor-response', response: 'refused', at: t('2025-05-10T09:00:00Z') } as const;
      expect(given(...proposed).when(respond)).toEqual([ev('creditor-responded', { response: 'refused', at: '2025-05-10T09:00:00.000Z' })]);
      const allAnswered = after(proposed, respond, { ...respond, response: 'accepted' });
      expect(given(...allAnswered).state.trajectory.settlement?.responses).toEqual({ accepted: 1, refused: 1, 'no-cooperation': 0 });
      expect(given(...allAnswered).refuses(respond)).toMatch(/all 2 creditors have already responded/);
    });

    it('refuses a creditor response without a pending proposal', () => {
      expect(given(...inventoried).refuses({ type: 'record-creditor-response', response: 'accepted', at: t('2025-05-10T09:00:00Z') })).toMatch(
        /no settlement proposal/,
      );
      expect(given(...granted).refuses({ type: 'record-creditor-response', response: 'accepted', at: t('2025-06-10T09:00:00Z') })).toMatch(
        /already granted/,
      );
    });

    it.each([
      ['granted', 'settlement-granted'],
      ['rejected', 'settlement-rejected'],
      ['withdrawn', 'settlement-withdrawn'],
    ] as const)('records the decision %s on a pending proposal, without a phase change', (decision, type) => {
      expect(given(...proposed).when({ type: 'decide-settlement', decision, at: t('2025-06-01T09:00:00Z') })).toEqual([
        ev(type, { at: '2025-06-01T09:00:00.000Z' }),
      ]);
    });

    it('allows no second decision', () => {
      expect(given(...granted).refuses({ type: 'decide-settlement', decision: 'withdrawn', at: t('2025-06-02T09:00:00Z') })).toMatch(
        /already granted .*cannot record the settlement as withdrawn/,
      );
    });

    it('refuses a decision without a proposal, or dated before the proposal', () => {
      expect(given(...inventoried).refuses({ type: 'decide-settlement', decision: 'granted', at: t('2025-06-01T09:00:00Z') })).toMatch(
        /no settlement proposal/,
      );
      expect(given(...proposed).refuses({ type: 'decide-settlement', decision: 'granted', at: t('2025-04-01T09:00:00Z') })).toMatch(/before it started/);
    });
  });

  describe('repayment', () => {
    it('starts after a granted settlement and moves the pathway to aflossing', () => {
      expect(given(...granted).when({ type: 'start-repayment', at: t('2025-06-02T09:00:00Z') })).toEqual([
        ev('repayment-started', { at: '2025-06-02T09:00:00.000Z' }),
        phase('oplossing', 'aflossing', '2025-06-02T09:00:00.000Z'),
      ]);
    });

    it.each([
      ['no settlement was proposed', inventoried, /no settlement was proposed/],
      ['the settlement is still pending', proposed, /the settlement is pending/],
    ])('refuses repayment when %s', (_label, history, reason) => {
      expect(given(...history).refuses({ type: 'start-repayment', at: t('2025-06-02T09:00:00Z') })).toMatch(reason);
    });

    it('refuses repayment after a withdrawn settlement, and a second start', () => {
      const withdrawn = after(proposed, { type: 'decide-settlement', decision: 'withdrawn', at: t('2025-06-01T09:00:00Z') });
      expect(given(...withdrawn).refuses({ type: 'start-repayment', at: t('2025-06-02T09:00:00Z') })).toMatch(/settlement is withdrawn/);
      expect(given(...repaying).refuses({ type: 'start-repayment', at: t('2025-06-03T09:00:00Z') })).toMatch(/already started/);
    });

    it('completes once, not before it started', () => {
      expect(given(...repaying).when({ type: 'complete-repayment', at: t('2026-12-02T09:00:00Z') })).toEqual([
        ev('repayment-completed', { at: '2026-12-02T09:00:00.000Z' }),
      ]);
      expect(given(...repaying).refuses({ type: 'complete-repayment', at: t('2025-06-01T09:00:00Z') })).toMatch(/before it started/);
      expect(given(...granted).refuses({ type: 'complete-repayment', at: t('2026-12-02T09:00:00Z') })).toMatch(/has not started/);
    });
  });

  describe('aftercare', () => {
    const start = { type: 'start-aftercare', at: t('2026-12-10T09:00:00Z') } as const;
    const repaid = after(repaying, { type: 'complete-repayment', at: t('2026-12-02T09:00:00Z') });

    it('starts after completed repayment and moves the pathway to nazorg', () => {
      expect(given(...repaid).when(start)).toEqual([
        ev('aftercare-started', { at: '2026-12-10T09:00:00.000Z' }),
        phase('aflossing', 'nazorg', '2026-12-10T09:00:00.000Z'),
      ]);
    });

    it('starts after reached stabilisation when no settlement is needed', () => {
      const stabilised = after(inPlan, { type: 'start-stabilisation', at: t('2025-04-01T09:00:00Z') }, { type: 'reach-stabilisation', at: t('2025-06-01T09:00:00Z') });
      expect(given(...stabilised).when(start).map((e) => e.type)).toEqual(['aftercare-started', 'phase-changed']);
    });

    it.each([
      ['repayment is still running', repaying, /repayment is still running/],
      ['a settlement proposal is pending', proposed, /still pending/],
      ['stabilisation was not reached', after(inPlan, { type: 'start-stabilisation', at: t('2025-04-01T09:00:00Z') }), /not been reached/],
      ['the pathway is still in the plan van aanpak', inPlan, /phase plan-van-aanpak/],
    ])('refuses aftercare when %s', (_label, history, reason) => {
      expect(given(...history).refuses(start)).toMatch(reason);
    });

    it('ends once, after it started, without a phase change', () => {
      const inAftercare = after(repaid, start);
      expect(given(...inAftercare).when({ type: 'end-aftercare', at: t('2027-06-01T09:00:00Z') })).toEqual([
        ev('aftercare-ended', { at: '2027-06-01T09:00:00.000Z' }),
      ]);
      const ended = after(inAftercare, { type: 'end-aftercare', at: t('2027-06-01T09:00:00Z') });
      expect(given(...ended).refuses({ type: 'end-aftercare', at: t('2027-06-02T09:00:00Z') })).toMatch(/already ended/);
      expect(given(...repaid).refuses({ type: 'end-aftercare', at: t('2027-06-02T09:00:00Z') })).toMatch(/has not started/);
    });
  });

  it('walks a whole trajectory from toelating to closure with reason Afgerond', () => {
    // given a pathway admitted to debt assistance
    // when every step of the trajectory is recorded
    const history = after(
      inPlan,
      { type: 'set-plan-of-action', supportTypes: ['budget-management', 'debt-settlement'], at: t('2025-03-21T09:00:00Z') },
      { type: 'start-stabilisation', at: t('2025-03-22T09:00:00Z') },
      { type: 'start-guidance', kind: 'Budgetbeheer', at: t('2025-03-22T09:00:00Z') },
      { type: 'reach-stabilisation', at: t('2025-04-20T09:00:00Z') },
      debts,
      proposal,
      { type: 'record-creditor-response', response: 'refused', at: t('2025-05-10T09:00:00Z') },
      { type: 'decide-settlement', decision: 'granted', at: t('2025-06-01T09:00:00Z') },
      { type: 'start-repayment', at: t('2025-06-02T09:00:00Z') },
      { type: 'complete-repayment', at: t('2026-12-02T09:00:00Z') },
      { type: 'end-guidance', kind: 'Budgetbeheer', at: t('2026-12-02T09:00:00Z') },
      { type: 'start-aftercare', at: t('2026-12-10T09:00:00Z') },
      { type: 'end-aftercare', at: t('2027-06-01T09:00:00Z') },
      { type: 'close-pathway', reason: 'Afgerond', at: t('2027-06-02T09:00:00Z') },
    );
    // then the phases follow the reference process
    const phases = history.flatMap((e) => (e.type === 'phase-changed' ? [e.data.to] : []));
    expect(phases).toEqual(['aanmelding', 'intake', 'plan-van-aanpak', 'stabilisatie', 'oplossing', 'aflossing', 'nazorg', 'uitstroom']);
    expect(given(...history).state.closure).toEqual({ reason: 'Afgerond', phaseAtClose: 'nazorg', at: '2027-06-02T09:00:00.000Z' });
  });

  it('refuses every trajectory command on a closed pathway', () => {
    const closed = after(inPlan, { type: 'close-pathway', reason: 'Zelf', at: t('2025-04-01T09:00:00Z') });
    expect(given(...closed).refuses({ type: 'attempt-contact', kind: 'Mail', reached: true, at: t('2025-04-02T09:00:00Z') })).toMatch(/closed \(Zelf\)/);
  });
});
