import { describe, expect, it } from '@jest/globals';
import { availableActions, type MunicipalityPathway, type Trajectory } from './pathway';

const NO_TRAJECTORY: Trajectory = {
  planOfAction: null,
  stabilisation: null,
  debts: null,
  settlement: null,
  repayment: null,
  aftercare: null,
};

function pathway(changes: Partial<MunicipalityPathway> = {}): MunicipalityPathway {
  return {
    pathwayId: 'p-1',
    municipalityCode: 'GM0363',
    status: 'open',
    phase: 'aanmelding',
    phaseSince: null,
    channel: 'balie',
    requestedAt: '2026-12-01T09:00:00Z',
    crisis: null,
    firstConversationDue: '2026-12-29',
    firstConversationHeldAt: null,
    firstConversationDeadlineMet: null,
    intakeDecision: null,
    intakeDecidedAt: null,
    referrals: {},
    consents: {},
    trajectory: NO_TRAJECTORY,
    closure: null,
    resident: null,
    ...changes,
  };
}

describe("the counsellor's actions per phase (mirror of the municipality's rules)", () => {
  it('offers the first conversation in the aanmelding, and referral and closure in every open phase', () => {
    // given / when
    const actions = availableActions(pathway());
    // then
    expect(actions).toEqual(['first-conversation', 'referral', 'closure']);
  });

  it('offers the beschikking in the intake until it is recorded, and the debts inventory from the intake on', () => {
    // given / when / then
    expect(availableActions(pathway({ phase: 'intake', firstConversationHeldAt: '2026-12-02T10:00:00Z' }))).toEqual([
      'intake-decision',
      'debts',
      'referral',
      'closure',
    ]);
  });

  it('offers the plan, stabilisation and the manual phase moves of the rule table in the plan van aanpak', () => {
    // given / when
    const actions = availableActions(pathway({ phase: 'plan-van-aanpak' }));
    // then
    expect(actions).toEqual([
      'plan-of-action',
      'stabilisation-start',
      'debts',
      'phase-transition',
      'referral',
      'closure',
    ]);
  });

  it('offers a settlement proposal only on an inventory with debts, and its decision while it is pending', () => {
    // given
    const debts = { creditorCount: 4, totalDebtCents: 500_000, debtTypes: ['Nuts'], at: '2026-12-03T10:00:00Z' };
    const pending = {
      solutionKind: 'Schuldbemiddeling',
      vtlbCents: 100_000,
      termMonths: 18,
      proposedAt: '2026-12-04T10:00:00Z',
      status: 'pending' as const,
      decidedAt: null,
    };
    // when
    const withDebts = availableActions(pathway({ phase: 'stabilisatie', trajectory: { ...NO_TRAJECTORY, debts } }));
    const proposed = availableActions(
      pathway({ phase: 'oplossing', trajectory: { ...NO_TRAJECTORY, debts, settlement: pending } }),
    );
    // then
    expect(withDebts).toContain('settlement-proposal');
    expect(proposed).toContain('settlement-decision');
    expect(proposed).not.toContain('settlement-proposal');
    expect(proposed).not.toContain('debts');
    expect(proposed).not.toContain('aftercare-start');
  });

  it('offers repayment after a granted settlement and aftercare once the repayment is complete', () => {
    // given
    const granted = {
      solutionKind: 'Schuldbemiddeling',
      vtlbCents: 100_000,
      termMonths: 18,
      proposedAt: '2026-12-04T10:00:00Z',
      status: 'granted' as const,
      decidedAt: '2026-12-05T10:00:00Z',
    };
    // when
    const oplossing = availableActions(
      pathway({ phase: 'oplossing', trajectory: { ...NO_TRAJECTORY, settlement: granted } }),
    );
    const repaid = availableActions(
      pathway({
        phase: 'aflossing',
        trajectory: {
          ...NO_TRAJECTORY,
          settlement: granted,
          repayment: { startedAt: '2026-12-06T10:00:00Z', endedAt: '2028-06-06T10:00:00Z' },
        },
      }),
    );
    // then
    expect(oplossing).toContain('repayment-start');
    expect(repaid).toEqual(['aftercare-start', 'referral', 'closure']);
  });

  it('offers nothing on a closed pathway or one with only early signals', () => {
    // given / when / then
    expect(availableActions(pathway({ status: 'closed', phase: 'uitstroom' }))).toEqual([]);
    expect(availableActions(pathway({ status: 'signalled', phase: null }))).toEqual([]);
  });
});
