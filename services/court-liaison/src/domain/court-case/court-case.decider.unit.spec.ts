import { DomainRuleViolation, InvalidCourtCommand } from '../court-case.errors';
import type { CourtCaseCommand } from './court-case.commands';
import { decide } from './court-case.decider';
import type { CourtCaseEvent } from './court-case.events';
import { evolveAll, initialCourtCaseState, type CourtCaseState } from './court-case.state';

const PATHWAY = '0b7e6c1a-2f4d-4e8a-9c3b-5d6e7f8a9b0c';
const REFERRAL = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const AT = new Date('2025-03-10T09:30:00.000Z');
const GM0363 = 'urn:nld:ketenpad:municipality:GM0363';

/** given earlier commands → state; when a command → the events it decides (or a refusal). */
function given(...commands: CourtCaseCommand[]): {
  state: CourtCaseState;
  when: (command: CourtCaseCommand) => CourtCaseEvent[];
} {
  let state = initialCourtCaseState(PATHWAY, 'RB-AMS');
  for (const command of commands) state = evolveAll(state, decide(command, state));
  return { state, when: (command) => decide(command, state) };
}
function refusal(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the command to be refused');
}

const referral: CourtCaseCommand = {
  type: 'receive-referral',
  referralId: REFERRAL,
  fromOrg: GM0363,
  reason: 'court-procedure',
  urgent: true,
  madeAt: new Date('2025-03-10T09:00:00.000Z'),
  at: AT,
};
const requestMoratorium: CourtCaseCommand = { type: 'request-moratorium', basis: 'Fw-287b', at: AT };
const grantMoratorium: CourtCaseCommand = {
  type: 'grant-moratorium',
  startsAt: '2025-03-12',
  endsAt: '2025-09-11',
  at: AT,
};

describe('court case decider', () => {
  describe('referrals', () => {
    it('opens the case for a referral received from the municipality', () => {
      // given / when
      const { state } = given(referral);
      // then
      expect(state.status).toBe('open');
      expect(state.referrals).toEqual([
        expect.objectContaining({ referralId: REFERRAL, fromOrg: GM0363, status: 'received' }),
      ]);
    });

    it('decides nothing for a referral it already received', () => {
      expect(given(referral).when(referral)).toEqual([]);
    });

    it('accepts a received referral by the court liaison, naming it by URN', () => {
      // when
      const events = given(referral).when({ type: 'accept-referral', referralId: REFERRAL, at: AT });
      // then
      expect(events).toEqual([
        {
          type: 'referral-accepted',
          pathwayId: PATHWAY,
          data: { referralId: REFERRAL, by: 'urn:nld:ketenpad:court-liaison:RB-AMS', at: AT.toISOString() },
        },
      ]);
    });

    it('closes the case when its only referral is declined, so no procedure can start', () => {
      // given
      const { state, when } = given(referral, {
        type: 'decline-referral',
        referralId: REFERRAL,
        declineReason: 'not-suitable',
        at: AT,
      });
      // then
      expect(state.status).toBe('closed');
      expect(refusal(() => when(requestMoratorium)).message).toMatch(/closed/);
    });

    it('refuses to accept a referral that was already declined', () => {
      const { when } = given(referral, {
        type: 'decline-referral',
        referralId: REFERRAL,
        declineReason: 'no-capacity',
        at: AT,
      });
      expect(refusal(() => when({ type: 'accept-referral', referralId: REFERRAL, at: AT })).message).toBe(
        'the referral was already declined',
      );
    });

    it('answers at the moment the court liaison states, when it happened earlier on its own system', () => {
      // given a referral made at 09:00, answered here at 09:30
      const { state, when } = given(referral);
      const stated = new Date('2025-03-10T09:10:00.000Z');
      // when
      const [accepted] = when({ type: 'accept-referral', referralId: REFERRAL, acceptedAt: stated, at: AT });
      const [declined] = when({
        type: 'decline-referral',
        referralId: REFERRAL,
        declineReason: 'no-capacity',
        declinedAt: stated,
        at: AT,
      });
      // then
      expect(state.referrals[0]).toMatchObject({ madeAt: '2025-03-10T09:00:00.000Z', receivedAt: AT.toISOString() });
      expect(accepted!.data).toMatchObject({ at: '2025-03-10T09:10:00.000Z' });
      expect(declined!.data).toMatchObject({ at: '2025-03-10T09:10:00.000Z' });
    });

    it('refuses an answer dated before the referral was made', () => {
      // given a referral made at 09:00
      const { when } = given(referral);
      const before = new Date('2025-03-10T08:59:59.000Z');
      // when / then
      const accepting = refusal(() =>
        when({ type: 'accept-referral', referralId: REFERRAL, acceptedAt: before, at: AT }),
      );
      const declining = refusal(() =>
        when({ type: 'decline-referral', referralId: REFERRAL, declineReason: 'other', declinedAt: before, at: AT }),
      );
      expect(accepting).toEqual(new DomainRuleViolation('the referral cannot be accepted before it was made'));
      expect(declining).toEqual(new DomainRuleViolation('the referral cannot be declined before it was made'));
    });

    it('holds an answer to a referral received before its moment was kept to when it was received', () => {
      // given a case stored before referrals kept the moment they were made
      const { state } = given(referral);
      const { madeAt: _madeAt, ...older } = state.referrals[0]!;
      const stored = { ...state, referrals: [older] };
      // when / then
      expect(() =>
        decide({ type: 'accept-referral', referralId: REFERRAL, acceptedAt: new Date('2025-03-10T09:29:00Z'), at: AT }, stored),
      ).toThrow('the referral cannot be accepted before it was made');
      expect(
        decide({ type: 'accept-referral', referralId: REFERRAL, acceptedAt: AT, at: AT }, stored)[0]!.data,
      ).toMatchObject({ at: AT.toISOString() });
    });

    it('refuses to open a case directly when one is already open', () => {
      expect(refusal(() => given(referral).when({ type: 'open-case', at: AT }))).toBeInstanceOf(DomainRuleViolation);
    });

    it('refuses to open a case for a pathway never referred to the court liaison', () => {
      const error = refusal(() => given().when({ type: 'open-case', at: AT }));
      expect(error).toBeInstanceOf(DomainRuleViolation);
      expect(error.message).toBe('no referral to this court liaison for this pathway');
    });

    it('reopens a case closed by declining its referral, which then stays open', () => {
      // given
      const { state } = given(
        referral,
        { type: 'decline-referral', referralId: REFERRAL, declineReason: 'not-suitable', at: AT },
        { type: 'open-case', at: AT },
      );
      // then
      expect(state).toMatchObject({ status: 'open', openedDirectly: true });
      expect(state.referrals).toEqual([expect.objectContaining({ referralId: REFERRAL, status: 'declined' })]);
    });
  });

  describe('moratorium', () => {
    it('grants a requested moratorium of at most six months', () => {
      // when
      const events = given(referral, requestMoratorium).when(grantMoratorium);
      // then
      expect(events).toEqual([
        {
          type: 'moratorium-granted',
          pathwayId: PATHWAY,
          data: { at: AT.toISOString(), startsAt: '2025-03-12', endsAt: '2025-09-11' },
        },
      ]);
    });

    it('refuses a grant without a request', () => {
      expect(refusal(() => given(referral).when(grantMoratorium)).message).toBe(
        'a moratorium can only be granted after it was requested',
      );
    });

    it('refuses a grant longer than six months as an invalid command', () => {
      const error = refusal(() =>
        given(referral, requestMoratorium).when({ ...grantMoratorium, endsAt: '2025-10-01' }),
      );
      expect(error).toBeInstanceOf(InvalidCourtCommand);
    });

    it('refuses a second request while one is pending or a moratorium is in force', () => {
      expect(refusal(() => given(referral, requestMoratorium).when(requestMoratorium)).message).toMatch(
        /already pending/,
      );
      expect(
        refusal(() => given(referral, requestMoratorium, grantMoratorium).when(requestMoratorium)).message,
      ).toMatch(/in force until 2025-09-11/);
    });

    it('ends a granted moratorium only after its last day', () => {
      // given
      const { when } = given(referral, requestMoratorium, grantMoratorium);
      // then
      expect(refusal(() => when({ type: 'end-moratorium', today: '2025-09-11', at: AT }))).toBeInstanceOf(
        DomainRuleViolation,
      );
      expect(when({ type: 'end-moratorium', today: '2025-09-12', at: new Date('2025-09-11T22:00:00.000Z') })).toEqual([
        { type: 'moratorium-ended', pathwayId: PATHWAY, data: { at: '2025-09-11T22:00:00.000Z' } },
      ]);
    });

    it('allows a new request after a rejection', () => {
      const { when } = given(referral, requestMoratorium, { type: 'reject-moratorium', at: AT });
      expect(when(requestMoratorium).map((e) => e.type)).toEqual(['moratorium-requested']);
    });
  });

  describe('forced settlement', () => {
    it('decides a requested forced settlement once', () => {
      // given
      const decided = given(
        referral,
        { type: 'request-forced-settlement', at: AT },
        { type: 'decide-forced-settlement', outcome: 'granted', at: AT },
      );
      // then
      expect(decided.state.forcedSettlement).toMatchObject({ status: 'decided', outcome: 'granted' });
      expect(
        refusal(() => decided.when({ type: 'decide-forced-settlement', outcome: 'rejected', at: AT })),
      ).toBeInstanceOf(DomainRuleViolation);
    });

    it('refuses a decision before a request', () => {
      expect(
        refusal(() => given(referral).when({ type: 'decide-forced-settlement', outcome: 'granted', at: AT })).message,
      ).toBe('a forced settlement decided before it was requested');
    });
  });

  describe('Wsnp', () => {
    it('refuses an admission without a petition', () => {
      expect(refusal(() => given(referral).when({ type: 'admit-to-wsnp', termMonths: 18, at: AT })).message).toBe(
        'Wsnp admitted before a petition',
      );
    });

    it('follows petition, admission and end with a clean slate', () => {
      // given
      const { state } = given(
        referral,
        { type: 'file-wsnp-petition', at: AT },
        { type: 'admit-to-wsnp', termMonths: 18, at: AT },
        { type: 'end-wsnp', cleanSlate: true, at: AT },
      );
      // then
      expect(state.wsnp).toMatchObject({ status: 'ended', termMonths: 18, cleanSlate: true });
    });

    it('refuses an end before an admission and a term longer than 42 months', () => {
      const petitioned = given(referral, { type: 'file-wsnp-petition', at: AT });
      expect(refusal(() => petitioned.when({ type: 'end-wsnp', cleanSlate: false, at: AT })).message).toBe(
        'Wsnp ended before an admission',
      );
      expect(refusal(() => petitioned.when({ type: 'admit-to-wsnp', termMonths: 43, at: AT }))).toBeInstanceOf(
        InvalidCourtCommand,
      );
    });
  });

  describe('protective administration', () => {
    it('orders only after a request and lifts only after an order', () => {
      expect(refusal(() => given(referral).when({ type: 'order-protective-administration', at: AT })).message).toMatch(
        /before it was requested/,
      );
      expect(refusal(() => given(referral).when({ type: 'lift-protective-administration', at: AT })).message).toMatch(
        /no protective administration/,
      );
      const ordered = given(
        referral,
        { type: 'request-protective-administration', at: AT },
        { type: 'order-protective-administration', at: AT },
      );
      expect(ordered.when({ type: 'lift-protective-administration', at: AT }).map((e) => e.type)).toEqual([
        'protective-administration-lifted',
      ]);
    });
  });

  it('refuses to decline a referral once a court procedure started', () => {
    const { when } = given(referral, {
      type: 'schedule-hearing',
      hearingAt: new Date('2025-03-18T10:00:00Z'),
      instrument: 'moratorium',
      at: AT,
    });
    expect(
      refusal(() => when({ type: 'decline-referral', referralId: REFERRAL, declineReason: 'other', at: AT })).message,
    ).toMatch(/already started/);
  });

  it('refuses a provisional measure that ends before the day of the ruling', () => {
    expect(
      refusal(() => given(referral).when({ type: 'grant-provisional-measure', endsAt: '2025-03-09', at: AT })),
    ).toBeInstanceOf(InvalidCourtCommand);
  });
});
