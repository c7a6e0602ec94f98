import { WorkingDayCalendar } from '@ketenpad/calendar';
import { WgsDeadlinePolicy } from '@ketenpad/calendar';
import { DomainRuleViolation } from '../domain-rule-violation';
import type { PathwayCommand } from './pathway.commands';
import { decide, type PathwayRules } from './pathway.decider';
import type { PathwayEvent } from './pathway.events';
import { evolveAll, initialPathwayState, type PathwayState } from './pathway.state';

const PATHWAY = '0b7e6c1a-2f4d-4e8a-9c3b-5d6e7f8a9b0c';
const rules: PathwayRules = { deadlines: new WgsDeadlinePolicy(WorkingDayCalendar.netherlands()) };

/** given events → state; when command → then the events (or a violation). */
function given(...events: PathwayEvent[]): { when: (command: PathwayCommand) => () => PathwayEvent[]; state: PathwayState } {
  const state = evolveAll(initialPathwayState(PATHWAY, 'GM0363'), events);
  return { state, when: (command) => () => decide(command, state, rules) };
}

const helpRequested = (overrides: Partial<Extract<PathwayEvent, { type: 'help-requested' }>['data']> = {}): PathwayEvent => ({
  type: 'help-requested',
  pathwayId: PATHWAY,
  data: {
    channel: 'balie',
    requestedAt: '2025-03-03T09:00:00.000Z',
    crisis: null,
    firstConversationDue: '2025-03-31',
    municipalityCode: 'GM0363',
    ...overrides,
  },
});
const phase = (from: string | null, to: string, at: string): PathwayEvent =>
  ({ type: 'phase-changed', pathwayId: PATHWAY, data: { from, to, at } }) as PathwayEvent;
const opened = [helpRequested(), phase(null, 'aanmelding', '2025-03-03T09:00:00.000Z')];
const inIntake = [
  ...opened,
  {
    type: 'first-conversation-held',
    pathwayId: PATHWAY,
    data: { heldAt: '2025-03-10T10:00:00.000Z', deadlineMet: true, firstConversationDue: '2025-03-31' },
  } as PathwayEvent,
  phase('aanmelding', 'intake', '2025-03-10T10:00:00.000Z'),
];
const inPlan = [
  ...inIntake,
  { type: 'intake-decided', pathwayId: PATHWAY, data: { decision: 'Toelatingsbeschikking', decidedAt: '2025-03-20' } } as PathwayEvent,
  phase('intake', 'plan-van-aanpak', '2025-03-20T12:00:00.000Z'),
];
const signalled: PathwayEvent = {
  type: 'early-signal-received',
  pathwayId: PATHWAY,
  data: {
    signalPartnerType: 'Huur',
    arrearsCents: 84500,
    arrearsSince: '2024-12-01',
    signalledAt: '2025-03-01',
    crisis: null,
    warmHandover: false,
  },
};

function violation(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainRuleViolation) return error.message;
    throw error;
  }
  throw new Error('expected a DomainRuleViolation');
}

describe('Pathway decider', () => {
  describe('registerHelpRequest', () => {
    it('opens the pathway in aanmelding with a 4-week first-conversation deadline', () => {
      // given a new pathway / when
      const events = given().when({
        type: 'register-help-request',
        channel: 'balie',
        requestedAt: new Date('2025-03-03T09:00:00Z'),
        crisis: null,
      })();
      // then
      expect(events).toEqual([helpRequested(), phase(null, 'aanmelding', '2025-03-03T09:00:00.000Z')]);
    });

    it('gives a crisis request 3 working days and keeps the referral it came through', () => {
      const events = given().when({
        type: 'register-help-request',
        channel: 'verwijzing',
        requestedAt: new Date('2025-03-03T10:15:00Z'),
        crisis: { type: 'eviction' },
        referralId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      })();
      expect(events[0]).toEqual({
        type: 'help-requested',
        pathwayId: PATHWAY,
        data: {
          channel: 'verwijzing',
          requestedAt: '2025-03-03T10:15:00.000Z',
          crisis: { type: 'eviction' },
          firstConversationDue: '2025-03-06',
          municipalityCode: 'GM0363',
          referralId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
        },
      });
    });

    it('counts the deadline from the Amsterdam date of the request, not the UTC date', () => {
      // 23:30 UTC on Friday 28 Feb is Saturday 1 March in Amsterdam: 1 March + 28 = Saturday 29 March -> Monday 31 March
      const [event] = given().when({
        type: 'register-help-request',
        channel: 'digitaal',
        requestedAt: new Date('2025-02-28T23:30:00Z'),
        crisis: null,
      })();
      expect(event).toMatchObject({ data: { firstConversationDue: '2025-03-31' } });
    });

    it('turns a pathway that only had early signals into a help request', () => {
      const { state, when } = given(signalled);
      expect(state.status).toBe('signalled');
      const events = when({
        type: 'register-help-request',
        channel: 'vroegsignaal',
        requestedAt: new Date('2025-03-03T09:00:00Z'),
        crisis: null,
      })();
      expect(events.map((e) => e.type)).toEqual(['help-requested', 'phase-changed']);
    });

    it('refuses a second help request on the same pathway', () => {
      expect(
        violation(given(...opened).when({ type: 'register-help-request', channel: 'balie', requestedAt: new Date(), crisis: null })),
      ).toMatch(/already registered/);
    });
  });

  describe('receiveEarlySignal', () => {
    const signal = {
      type: 'receive-early-signal',
      signalPartnerType: 'Huur',
      arrearsCents: 84500,
      arrearsSince: '2024-12-01',
      signalledAt: '2025-03-01',
      crisis: null,
      warmHandover: false,
      receivedAt: new Date('2025-03-03T08:00:00Z'),
    } as const;

    it('records the signal on a new pathway without starting a Wgs term', () => {
      const { when } = given();
      const events = when(signal)();
      expect(events).toEqual([signalled]);
      const state = evolveAll(initialPathwayState(PATHWAY, 'GM0363'), events);
      expect(state).toMatchObject({ status: 'signalled', phase: null, firstConversationDue: null });
    });

    it('brings a pending deadline forward when the signal flags a crisis', () => {
      const events = given(...opened).when({ ...signal, crisis: { type: 'energy' }, receivedAt: new Date('2025-03-10T08:00:00Z') })();
      expect(events[1]).toEqual({
        type: 'deadline-changed',
        pathwayId: PATHWAY,
        data: { firstConversationDue: '2025-03-13', reason: 'crisis-reported', previousFirstConversationDue: '2025-03-31', threat: 'energy' },
      });
    });

    it('leaves the deadline alone when the first conversation was already held', () => {
      const events = given(...inIntake).when({ ...signal, crisis: { type: 'energy' } })();
      expect(events.map((e) => e.type)).toEqual(['early-signal-received']);
    });

    it('refuses arrears that start after the signal date', () => {
      expect(violation(given().when({ ...signal, arrearsSince: '2025-04-01' }))).toMatch(/cannot start after/);
    });

    it('refuses fractional or negative cents', () => {
      expect(violation(given().when({ ...signal, arrearsCents: 12.5 }))).toMatch(/euro cents/);
      expect(violation(given().when({ ...signal, arrearsCents: -1 }))).toMatch(/euro cents/);
    });
  });

  describe('reportCrisis', () => {
    it('shortens the deadline to 3 working days after the report', () => {
      const events = given(...opened).when({
        type: 'report-crisis',
        crisis: { type: 'eviction' },
        reportedAt: new Date('2025-03-07T12:00:00Z'),
        reason: 'urgent-situation-flagged',
      })();
      expect(events).toEqual([
        {
          type: 'deadline-changed',
          pathwayId: PATHWAY,
          data: { firstConversationDue: '2025-03-12', reason: 'urgent-situation-flagged', previousFirstConversationDue: '2025-03-31', threat: 'eviction' },
        },
      ]);
    });

    it('counts the 3 working days from the flag, not from the help request, and marks the pathway with the flagged threat', () => {
      // given a request of Monday 3 March (due 31 March)
      const { state, when } = given(...opened);
      // when social work flags an eviction on Thursday 20 March
      const events = when({
        type: 'report-crisis',
        crisis: { type: 'eviction' },
        reportedAt: new Date('2025-03-20T10:00:00Z'),
        reason: 'urgent-situation-flagged',
      })();
      // then the conversation is due Tuesday 25 March (3 working days after the flag, not 6 March)
      expect(events).toEqual([
        {
          type: 'deadline-changed',
          pathwayId: PATHWAY,
          data: { firstConversationDue: '2025-03-25', reason: 'urgent-situation-flagged', previousFirstConversationDue: '2025-03-31', threat: 'eviction' },
        },
      ]);
      expect(evolveAll(state, events)).toMatchObject({ firstConversationDue: '2025-03-25', crisis: { type: 'eviction' } });
    });

    it('names the threat over the `other` of an urgent referral when a crisis is flagged later', () => {
      // given a pathway whose crisis is only known as `other`
      const { state } = given(helpRequested({ crisis: { type: 'other' }, firstConversationDue: '2025-03-31' }), opened[1]!);
      // when a deadline change names the threat
      const next = evolveAll(state, [
        {
          type: 'deadline-changed',
          pathwayId: PATHWAY,
          data: { firstConversationDue: '2025-03-12', reason: 'urgent-situation-flagged', previousFirstConversationDue: '2025-03-31', threat: 'water' },
        },
      ]);
      // then the pathway's crisis is that threat
      expect(next.crisis).toEqual({ type: 'water' });
    });

    it('still marks a pathway as crisis `other` for a deadline change recorded before the threat was named', () => {
      // given
      const { state } = given(...opened);
      // when
      const next = evolveAll(state, [
        {
          type: 'deadline-changed',
          pathwayId: PATHWAY,
          data: { firstConversationDue: '2025-03-12', reason: 'crisis-reported', previousFirstConversationDue: '2025-03-31' },
        },
      ]);
      // then
      expect(next.crisis).toEqual({ type: 'other' });
    });

    it('keeps the type of a crisis already known when a later crisis shortens the deadline', () => {
      const { state, when } = given(helpRequested({ crisis: { type: 'water' }, firstConversationDue: '2025-03-31' }), opened[1]!);
      const events = when({ type: 'report-crisis', crisis: { type: 'eviction' }, reportedAt: new Date('2025-03-10T10:00:00Z'), reason: 'crisis-reported' })();
      expect(evolveAll(state, events).crisis).toEqual({ type: 'water' });
    });

    it('changes no deadline once the first conversation was held', () => {
      const events = given(...inIntake).when({
        type: 'report-crisis',
        crisis: { type: 'eviction' },
        reportedAt: new Date('2025-03-11T10:00:00Z'),
        reason: 'urgent-situation-flagged',
      })();
      expect(events).toEqual([]);
    });

    it('refuses a crisis on a pathway that has only early signals', () => {
      expect(
        violation(given(signalled).when({ type: 'report-crisis', crisis: { type: 'energy' }, reportedAt: new Date(), reason: 'urgent-situation-flagged' })),
      ).toMatch(/only early signals/);
    });

    it('changes nothing when the current deadline is already earlier', () => {
      const events = given(helpRequested({ firstConversationDue: '2025-03-06', crisis: { type: 'water' } }), opened[1]!).when({
        type: 'report-crisis',
        crisis: { type: 'eviction' },
        reportedAt: new Date('2025-03-04T12:00:00Z'),
        reason: 'crisis-reported',
      })();
      expect(events).toEqual([]);
    });
  });

  describe('holdFirstConversation', () => {
    it('records the conversation as on time and moves the pathway to intake', () => {
      const events = given(...opened).when({ type: 'hold-first-conversation', heldAt: new Date('2025-03-31T14:00:00Z') })();
      expect(events).toEqual([
        {
          type: 'first-conversation-held',
          pathwayId: PATHWAY,
          data: { heldAt: '2025-03-31T14:00:00.000Z', deadlineMet: true, firstConversationDue: '2025-03-31' },
        },
        phase('aanmelding', 'intake', '2025-03-31T14:00:00.000Z'),
      ]);
    });

    it('records a conversation after the deadline as late', () => {
      const [held] = given(...opened).when({ type: 'hold-first-conversation', heldAt: new Date('2025-04-01T07:00:00Z') })();
      expect(held).toMatchObject({ data: { deadlineMet: false } });
    });

    it('measures against a deadline that a crisis brought forward', () => {
      const { when } = given(...opened, {
        type: 'deadline-changed',
        pathwayId: PATHWAY,
        data: { firstConversationDue: '2025-03-06', reason: 'crisis-reported', previousFirstConversationDue: '2025-03-31' },
      });
      const [held] = when({ type: 'hold-first-conversation', heldAt: new Date('2025-03-07T09:00:00Z') })();
      expect(held).toMatchObject({ data: { deadlineMet: false, firstConversationDue: '2025-03-06' } });
    });

    it('refuses a second first conversation', () => {
      expect(violation(given(...inIntake).when({ type: 'hold-first-conversation', heldAt: new Date('2025-03-12T09:00:00Z') }))).toMatch(
        /already held/,
      );
    });

    it('refuses a conversation before the help request', () => {
      expect(violation(given(...opened).when({ type: 'hold-first-conversation', heldAt: new Date('2025-03-01T09:00:00Z') }))).toMatch(
        /before the help request/,
      );
    });

    it('refuses a conversation on a pathway with only early signals', () => {
      expect(violation(given(signalled).when({ type: 'hold-first-conversation', heldAt: new Date('2025-03-04T09:00:00Z') }))).toMatch(
        /no help request yet/,
      );
    });
  });

  describe('decideIntake', () => {
    const at = new Date('2025-03-20T12:00:00Z');

    it('admits the resident with a toelatingsbeschikking and starts the plan van aanpak', () => {
      const events = given(...inIntake).when({ type: 'decide-intake', decision: 'toelating', decidedAt: '2025-03-20', at })();
      expect(events).toEqual([
        { type: 'intake-decided', pathwayId: PATHWAY, data: { decision: 'Toelatingsbeschikking', decidedAt: '2025-03-20' } },
        phase('intake', 'plan-van-aanpak', '2025-03-20T12:00:00.000Z'),
      ]);
    });

    it('ends the pathway in uitstroom on an afwijzingsbeschikking', () => {
      const events = given(...inIntake).when({ type: 'decide-intake', decision: 'afwijzing', decidedAt: '2025-03-20', at })();
      expect(events).toEqual([
        { type: 'intake-decided', pathwayId: PATHWAY, data: { decision: 'Afwijzingsbeschikking', decidedAt: '2025-03-20' } },
        phase('intake', 'uitstroom', '2025-03-20T12:00:00.000Z'),
        { type: 'pathway-closed', pathwayId: PATHWAY, data: { reason: 'Voldoet niet', phaseAtClose: 'intake', at: '2025-03-20T12:00:00.000Z' } },
      ]);
      const state = evolveAll(given(...inIntake).state, events);
      expect(state).toMatchObject({ status: 'closed', phase: 'uitstroom', intakeDecision: 'Afwijzingsbeschikking' });
    });

    it('refuses an intake decision before the first conversation', () => {
      expect(violation(given(...opened).when({ type: 'decide-intake', decision: 'toelating', decidedAt: '2025-03-20', at }))).toMatch(
        /hold the first conversation first/,
      );
    });

    it('refuses a second intake decision', () => {
      expect(violation(given(...inPlan).when({ type: 'decide-intake', decision: 'afwijzing', decidedAt: '2025-03-21', at }))).toMatch(
        /already decided/,
      );
    });

    it('refuses a beschikking dated before the first conversation', () => {
      expect(violation(given(...inIntake).when({ type: 'decide-intake', decision: 'toelating', decidedAt: '2025-03-09', at }))).toMatch(
        /before the first conversation/,
      );
    });
  });

  describe('changePhase', () => {
    const at = new Date('2025-04-01T09:00:00Z');

    it('moves one step forward', () => {
      expect(given(...inPlan).when({ type: 'change-phase', to: 'stabilisatie', at })()).toEqual([
        phase('plan-van-aanpak', 'stabilisatie', '2025-04-01T09:00:00.000Z'),
      ]);
    });

    it('allows skipping stabilisatie when income and costs already balance', () => {
      expect(given(...inPlan).when({ type: 'change-phase', to: 'oplossing', at })()).toHaveLength(1);
    });

    it('walks by hand from the plan van aanpak through stabilisatie to oplossing', () => {
      let events: PathwayEvent[] = inPlan;
      for (const [to, iso] of [
        ['stabilisatie', '2025-04-01T09:00:00Z'],
        ['oplossing', '2025-06-01T09:00:00Z'],
      ] as const) {
        events = [...events, ...given(...events).when({ type: 'change-phase', to, at: new Date(iso) })()];
      }
      expect(given(...events).state.phase).toBe('oplossing');
    });

    it('refuses moving to aflossing or nazorg by hand, because the repayment and aftercare facts drive them', () => {
      // given a pathway moved by hand into oplossing
      const inOplossing = [...inPlan, phase('plan-van-aanpak', 'oplossing', '2025-04-01T09:00:00.000Z')];
      // when / then
      expect(violation(given(...inOplossing).when({ type: 'change-phase', to: 'aflossing', at }))).toMatch(/start the repayment instead/);
      expect(violation(given(...inOplossing).when({ type: 'change-phase', to: 'nazorg', at }))).toMatch(/start the aftercare instead/);
    });

    it.each([
      ['backwards', 'intake', /record the first conversation/],
      ['to the same phase', 'plan-van-aanpak', /already in phase/],
      ['over too many phases', 'aflossing', /can only move to stabilisatie or oplossing/],
      ['into uitstroom without a reason', 'uitstroom', /close the pathway instead/],
    ] as const)('refuses a move %s', (_label, to, reason) => {
      expect(violation(given(...inPlan).when({ type: 'change-phase', to, at }))).toMatch(reason);
    });

    it('refuses entering the plan van aanpak without a toelatingsbeschikking', () => {
      expect(violation(given(...inIntake).when({ type: 'change-phase', to: 'plan-van-aanpak', at }))).toMatch(/intake decision/);
    });

    it('refuses a change dated before the current phase began', () => {
      expect(violation(given(...inPlan).when({ type: 'change-phase', to: 'stabilisatie', at: new Date('2025-03-19T00:00:00Z') }))).toMatch(
        /before the current phase began/,
      );
    });
  });

  describe('makeReferral', () => {
    const referral = {
      type: 'make-referral',
      referralId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      toOrg: 'urn:nld:ketenpad:social-work:mw-amsterdam-noord',
      reason: 'stabilisation',
      urgent: false,
      warm: true,
      at: new Date('2025-03-21T09:30:00Z'),
    } as const;

    it('refers from the owning municipality to a chain partner', () => {
      expect(given(...inPlan).when(referral)()).toEqual([
        {
          type: 'referral-made',
          pathwayId: PATHWAY,
          data: {
            referralId: referral.referralId,
            fromOrg: 'urn:nld:ketenpad:municipality:GM0363',
            toOrg: referral.toOrg,
            reason: 'stabilisation',
            urgent: false,
            warm: true,
            at: '2025-03-21T09:30:00.000Z',
          },
        },
      ]);
    });

    it('allows a referral straight from an early signal', () => {
      expect(given(signalled).when(referral)()).toHaveLength(1);
    });

    it('refuses the same referral twice', () => {
      const { when } = given(...inPlan, ...given(...inPlan).when(referral)());
      expect(violation(when(referral))).toMatch(/already made/);
    });

    it('refuses a referral to the municipality itself or to something that is not an organisation URN', () => {
      expect(violation(given(...inPlan).when({ ...referral, toOrg: 'urn:nld:ketenpad:municipality:GM0363' }))).toMatch(/itself/);
      expect(violation(given(...inPlan).when({ ...referral, toOrg: 'social work' }))).toMatch(/organisation URN/);
    });

    it('dates a referral made earlier on the municipality’s own system at that moment, from the help request on', () => {
      // given a help request of 3 March, 09:00
      const { when } = given(...opened);
      // when / then
      expect(when({ ...referral, at: new Date('2025-03-03T09:00:00Z') })()[0]!.data).toMatchObject({
        at: '2025-03-03T09:00:00.000Z',
      });
      expect(violation(when({ ...referral, at: new Date('2025-03-03T08:59:59Z') }))).toBe(
        'the referral cannot be made before the help request',
      );
    });
  });

  describe('closePathway', () => {
    const close = { type: 'close-pathway', reason: 'Nietverschenen', at: new Date('2025-03-25T09:00:00Z') } as const;

    it.each([
      ['aanmelding', opened],
      ['intake', inIntake],
      ['plan-van-aanpak', inPlan],
    ])('closes from %s with a DDAS uitstroom reason', (phaseAtClose, history) => {
      expect(given(...history).when(close)()).toEqual([
        phase(phaseAtClose, 'uitstroom', '2025-03-25T09:00:00.000Z'),
        { type: 'pathway-closed', pathwayId: PATHWAY, data: { reason: 'Nietverschenen', phaseAtClose, at: '2025-03-25T09:00:00.000Z' } },
      ]);
    });

    it.each<PathwayCommand>([
      { type: 'change-phase', to: 'stabilisatie', at: new Date('2025-04-01T00:00:00Z') },
      { type: 'hold-first-conversation', heldAt: new Date('2025-04-01T00:00:00Z') },
      { type: 'register-help-request', channel: 'balie', requestedAt: new Date('2025-04-01T00:00:00Z'), crisis: null },
      { type: 'close-pathway', reason: 'Afgerond', at: new Date('2025-04-01T00:00:00Z') },
    ])('allows nothing after closure: $type', (command) => {
      const history = [...inPlan, ...given(...inPlan).when(close)()];
      expect(violation(given(...history).when(command))).toMatch(/closed \(Nietverschenen\)/);
    });

    it('refuses closing a pathway that has only early signals', () => {
      expect(violation(given(signalled).when(close))).toMatch(/no help request yet/);
    });
  });

  describe('acceptReferral', () => {
    const REFERRAL = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    const GP = 'urn:nld:ketenpad:gp:HA-0001';
    const OTHER_PATHWAY = '3b1f2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const referral = {
      type: 'accept-referral',
      referralId: REFERRAL,
      fromOrg: GP,
      referralPathwayId: PATHWAY,
      urgent: false,
      referredAt: new Date('2025-03-10T09:30:00Z'),
      acceptedAt: new Date('2025-03-10T09:31:00Z'),
    } as const;

    it("opens the referral's own pathway with a help request through verwijzing, dated at the referral", () => {
      // given no pathway yet / when
      const events = given().when(referral)();
      // then
      expect(events).toEqual([
        {
          type: 'help-requested',
          pathwayId: PATHWAY,
          data: {
            channel: 'verwijzing',
            requestedAt: '2025-03-10T09:30:00.000Z',
            crisis: null,
            firstConversationDue: '2025-04-07',
            municipalityCode: 'GM0363',
            referralId: REFERRAL,
          },
        },
        phase(null, 'aanmelding', '2025-03-10T09:30:00.000Z'),
        {
          type: 'referral-accepted',
          pathwayId: PATHWAY,
          data: { referralId: REFERRAL, by: 'urn:nld:ketenpad:municipality:GM0363', at: '2025-03-10T09:31:00.000Z', fromOrg: GP },
        },
      ]);
    });

    it('treats an urgent referral as a crisis: the first conversation is due 3 working days after the referral', () => {
      const [requested] = given().when({ ...referral, urgent: true })();
      expect(requested).toMatchObject({ data: { crisis: { type: 'other' }, firstConversationDue: '2025-03-13' } });
    });

    it('merges the referral into an open pathway of the same resident, keeping its help request', () => {
      // given an open pathway of the resident, and a referral made on another pathway id
      const { state, when } = given(...opened);
      // when
      const events = when({ ...referral, referralPathwayId: OTHER_PATHWAY })();
      // then
      expect(events).toEqual([
        {
          type: 'pathway-merged',
          pathwayId: OTHER_PATHWAY,
          data: { intoPathwayId: PATHWAY, referralId: REFERRAL, at: '2025-03-10T09:31:00.000Z' },
        },
        {
          type: 'referral-accepted',
          pathwayId: PATHWAY,
          data: {
            referralId: REFERRAL,
            by: 'urn:nld:ketenpad:municipality:GM0363',
            at: '2025-03-10T09:31:00.000Z',
            fromOrg: GP,
            intoPathwayId: PATHWAY,
          },
        },
      ]);
      expect(evolveAll(state, events)).toMatchObject({
        firstConversationDue: '2025-03-31',
        receivedReferrals: { [REFERRAL]: { fromOrg: GP, acceptedAt: '2025-03-10T09:31:00.000Z' } },
      });
    });

    it('brings the pending first conversation of the existing pathway forward for an urgent referral', () => {
      const events = given(...opened).when({ ...referral, referralPathwayId: OTHER_PATHWAY, urgent: true })();
      expect(events.map((e) => e.type)).toEqual(['pathway-merged', 'deadline-changed', 'referral-accepted']);
      expect(events[1]).toMatchObject({ data: { firstConversationDue: '2025-03-13', reason: 'crisis-reported', threat: 'other' } });
    });

    it('registers the help request on a pathway that had only early signals', () => {
      const events = given(signalled).when({ ...referral, referralPathwayId: OTHER_PATHWAY })();
      expect(events.map((e) => e.type)).toEqual(['pathway-merged', 'help-requested', 'phase-changed', 'referral-accepted']);
    });

    it('produces nothing for a referral that was already taken in', () => {
      // given
      const first = given().when(referral)();
      // when the same referral arrives again
      const again = given(...first).when({ ...referral, acceptedAt: new Date('2025-03-11T08:00:00Z') })();
      // then
      expect(again).toEqual([]);
    });

    it('refuses a referral into a closed pathway', () => {
      const closed = [
        ...opened,
        phase('aanmelding', 'uitstroom', '2025-03-05T09:00:00.000Z'),
        { type: 'pathway-closed', pathwayId: PATHWAY, data: { reason: 'Zelf', phaseAtClose: 'aanmelding', at: '2025-03-05T09:00:00.000Z' } } as PathwayEvent,
      ];
      expect(violation(given(...closed).when(referral))).toMatch(/closed/);
    });
  });

  describe('consents', () => {
    const CONSENT = '0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d';
    const record = {
      type: 'record-consent',
      consentId: CONSENT,
      grantee: 'urn:nld:ketenpad:social-work:SW-AMS',
      purpose: 'stabilisation-support',
      scope: ['chain', 'financial'],
      validUntil: '2025-12-31',
      at: new Date('2025-03-10T09:30:00Z'),
    } as const;
    const recorded: PathwayEvent = {
      type: 'consent-recorded',
      pathwayId: PATHWAY,
      data: {
        consentId: CONSENT,
        grantee: 'urn:nld:ketenpad:social-work:SW-AMS',
        purpose: 'stabilisation-support',
        scope: ['chain', 'financial'],
        validUntil: '2025-12-31',
        at: '2025-03-10T09:30:00.000Z',
      },
    };
    const withdraw = { type: 'withdraw-consent', consentId: CONSENT, at: new Date('2025-04-01T08:00:00Z') } as const;

    it('records a consent for a grantee, purpose and scope', () => {
      const { state, when } = given(...opened);
      const events = when(record)();
      expect(events).toEqual([recorded]);
      expect(evolveAll(state, events).consents[CONSENT]).toMatchObject({ grantee: 'urn:nld:ketenpad:social-work:SW-AMS', withdrawnAt: null });
    });

    it('records a consent without end date', () => {
      expect(given(...opened).when({ ...record, validUntil: null })()[0]).toMatchObject({ data: { validUntil: null } });
    });

    it('refuses a consent id that is already taken', () => {
      expect(violation(given(...opened, recorded).when(record))).toMatch(/already recorded/);
    });

    it('refuses a consent to the municipality itself', () => {
      expect(violation(given(...opened).when({ ...record, grantee: 'urn:nld:ketenpad:municipality:GM0363' }))).toMatch(/its own pathway/);
    });

    it('refuses a consent that ended before it was given', () => {
      expect(violation(given(...opened).when({ ...record, validUntil: '2025-03-09' }))).toMatch(/validUntil/);
    });

    it('refuses a consent on a pathway that does not exist', () => {
      expect(violation(given().when(record))).toMatch(/does not exist/);
    });

    it('withdraws a consent, naming the grantee that loses access', () => {
      const { state, when } = given(...opened, recorded);
      const events = when(withdraw)();
      expect(events).toEqual([
        {
          type: 'consent-withdrawn',
          pathwayId: PATHWAY,
          data: { consentId: CONSENT, grantee: 'urn:nld:ketenpad:social-work:SW-AMS', at: '2025-04-01T08:00:00.000Z' },
        },
      ]);
      expect(evolveAll(state, events).consents[CONSENT]?.withdrawnAt).toBe('2025-04-01T08:00:00.000Z');
    });

    it('refuses withdrawing a consent twice, or one that does not exist', () => {
      const withdrawn = given(...opened, recorded).when(withdraw)();
      expect(violation(given(...opened, recorded, ...withdrawn).when(withdraw))).toMatch(/already withdrawn/);
      expect(violation(given(...opened).when(withdraw))).toMatch(/no consent/);
    });

    it('lets the resident withdraw a consent after the pathway was closed', () => {
      const closed = [
        ...opened,
        recorded,
        phase('aanmelding', 'uitstroom', '2025-03-20T09:00:00.000Z'),
        { type: 'pathway-closed', pathwayId: PATHWAY, data: { reason: 'Zelf', phaseAtClose: 'aanmelding', at: '2025-03-20T09:00:00.000Z' } } as PathwayEvent,
      ];
      expect(given(...closed).when(withdraw)().map((e) => e.type)).toEqual(['consent-withdrawn']);
      expect(violation(given(...closed).when({ ...record, consentId: PATHWAY }))).toMatch(/closed/);
    });
  });
});
