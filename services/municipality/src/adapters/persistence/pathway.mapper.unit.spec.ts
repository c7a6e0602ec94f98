import { initialPathwayState } from '../../domain/pathway/pathway.state';
import { pathwayMapper } from './pathway.mapper';
import { PathwayRecord } from './pathway.record';

describe('pathwayMapper', () => {
  it('reads a snapshot written before the trajectory kept history: running items become open spans, no attempts are invented', () => {
    // given a format-1 snapshot with running guidance and an intervention, but no history fields
    const record = new PathwayRecord();
    record.pathwayId = 'p-1';
    record.state = {
      ...initialPathwayState('p-1', 'GM0363'),
      snapshotFormat: 1,
      trajectory: {
        contactAttempts: { count: 2, lastReachedAt: null, lastKind: 'Brief' },
        helpOffer: null,
        crisisInterventions: { eviction: '2025-03-04T08:00:00.000Z' },
        planOfAction: null,
        stabilisation: null,
        guidance: { Budgetbeheer: '2025-04-02T09:00:00.000Z', Budgetcoaching: '2025-04-01T09:00:00.000Z' },
        debts: null,
        settlement: null,
        repayment: null,
        aftercare: null,
      },
    };
    // when
    const { trajectory } = pathwayMapper.toState(record);
    // then
    expect(trajectory.guidanceHistory).toEqual([
      { kind: 'Budgetcoaching', startedAt: '2025-04-01T09:00:00.000Z', endedAt: null },
      { kind: 'Budgetbeheer', startedAt: '2025-04-02T09:00:00.000Z', endedAt: null },
    ]);
    expect(trajectory.crisisInterventionHistory).toEqual([
      { kind: 'eviction', startedAt: '2025-03-04T08:00:00.000Z', endedAt: null },
    ]);
    expect(trajectory.contactAttempts).toEqual({ count: 2, lastReachedAt: null, lastKind: 'Brief', log: [] });
  });

  it('round-trips a state with history unchanged', () => {
    // given
    const state = {
      ...initialPathwayState('p-2', 'GM0363'),
      trajectory: {
        ...initialPathwayState('p-2', 'GM0363').trajectory,
        guidanceHistory: [
          { kind: 'Budgetbeheer' as const, startedAt: '2025-04-02T09:00:00.000Z', endedAt: '2025-05-02T09:00:00.000Z' },
        ],
      },
    };
    // when
    const read = pathwayMapper.toState(pathwayMapper.toRecord(state, 3));
    // then
    expect(read).toEqual(state);
  });
});
