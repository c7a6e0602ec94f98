import { DomainRuleViolation } from '../domain-rule-violation';
import { endSupport, evolveCaseload, flagUrgentSituation, startSupport, type CaseloadPathway } from './caseload-pathway';

const pathway: CaseloadPathway = { organisation: 'urn:nld:ketenpad:social-work:SW-AMS', pathwayId: '0b6f2a0e-8c1d-4e8f-9a51-7d3c2b1a0f9e', activeSupport: [] };
const at = new Date('2025-03-12T09:30:00Z');

describe('a pathway in the caseload', () => {
  it('starts a kind of support once while it runs', () => {
    // given
    const events = startSupport(pathway, 'budget-coaching', at);
    const coaching = events.reduce(evolveCaseload, pathway);
    // then
    expect(events).toEqual([{ type: 'support-started', pathwayId: pathway.pathwayId, data: { kind: 'budget-coaching', at: '2025-03-12T09:30:00.000Z' } }]);
    expect(coaching.activeSupport).toEqual(['budget-coaching']);
    expect(() => startSupport(coaching, 'budget-coaching', at)).toThrow(new DomainRuleViolation('budget-coaching support already runs on this pathway'));
    expect(startSupport(coaching, 'home-visits', at)).toHaveLength(1);
  });

  it('ends only support that runs, and can start it again afterwards', () => {
    // given
    expect(() => endSupport(pathway, 'home-visits', 'completed', at)).toThrow(new DomainRuleViolation('no home-visits support runs on this pathway'));
    const running = startSupport(pathway, 'home-visits', at).reduce(evolveCaseload, pathway);
    // when
    const events = endSupport(running, 'home-visits', 'stopped-by-resident', at);
    const ended = events.reduce(evolveCaseload, running);
    // then
    expect(events[0].data).toEqual({ kind: 'home-visits', outcome: 'stopped-by-resident', at: '2025-03-12T09:30:00.000Z' });
    expect(ended.activeSupport).toEqual([]);
    expect(startSupport(ended, 'home-visits', at)).toHaveLength(1);
  });

  it('flags an urgent situation with its threat and due date', () => {
    expect(flagUrgentSituation(pathway, 'eviction', '2025-03-14', at)).toEqual([
      { type: 'urgent-situation-flagged', pathwayId: pathway.pathwayId, data: { threat: 'eviction', dueBy: '2025-03-14', at: '2025-03-12T09:30:00.000Z' } },
    ]);
  });
});
