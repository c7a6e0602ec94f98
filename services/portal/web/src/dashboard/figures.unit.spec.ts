import { describe, expect, it } from '@jest/globals';
import type { Flow, HandOffs, Outcomes, Stalled, WgsDeadlines } from './bottlenecks';
import { toCsv } from './csv';
import { flowFigures, handOffFigures, outcomeFigures, stalledFigures, wgsFigures, type Labels } from './figures';

/** Texts that show what was asked for: the key with its parameters. */
const labels: Labels = {
  t: (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key),
  phase: (phase) => phase ?? '?',
  organisation: (urn) => urn?.split(':').pop() ?? '?',
  number: (value) => String(value),
};

const AS_OF = '2026-10-01T08:00:00.000Z';
const PATHWAY_A = '0a1b2c3d-0000-4000-8000-000000000001';
const PATHWAY_B = '9f8e7d6c-0000-4000-8000-000000000002';

/** RFC 4180 rows of a CSV text without quoted line breaks (enough for these figures). */
function rowsOf(csv: string): string[][] {
  return csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('the dashboard figures', () => {
  it('give the flow one row per API week, arrivals and closures first, and the work in progress per phase in DDAS order', () => {
    // given
    const flow: Flow = {
      asOf: AS_OF,
      from: '2026-09-21',
      to: '2026-10-01',
      weeks: [
        { week: '2026-09-21', arrivals: 3, closures: 1, workInProgress: { intake: 2, aanmelding: 1 } },
        { week: '2026-09-28', arrivals: 0, closures: 2, workInProgress: { intake: 1 } },
      ],
    };

    // when
    const [figure] = flowFigures(flow, labels);

    // then
    expect(figure!.empty).toBe(false);
    expect(figure!.rows.map((r) => r.cells)).toEqual([
      ['2026-09-21', 3, 1, 3, 1, 2],
      ['2026-09-28', 0, 2, 1, 0, 1],
    ]);
    expect(figure!.columns.slice(4).map((c) => c.label)).toEqual([
      'dashboard.col.workInProgressIn {"phase":"aanmelding"}',
      'dashboard.col.workInProgressIn {"phase":"intake"}',
    ]);
  });

  it('write a CSV whose lines are exactly the rows of the table, after its header', () => {
    // given
    const flow: Flow = {
      asOf: AS_OF,
      from: '2026-09-21',
      to: '2026-10-01',
      weeks: [{ week: '2026-09-21', arrivals: 3, closures: 1, workInProgress: { intake: 2 } }],
    };
    const [figure] = flowFigures(flow, labels);

    // when
    const [header, ...rows] = rowsOf(toCsv(figure!.columns, figure!.rows));

    // then
    expect(header).toHaveLength(figure!.columns.length);
    expect(rows).toEqual(figure!.rows.map((r) => r.cells.map(String)));
  });

  it('call a flow without any arrival, closure or work in progress empty', () => {
    // given
    const flow: Flow = {
      asOf: AS_OF,
      from: '2026-09-21',
      to: '2026-10-01',
      weeks: [{ week: '2026-09-21', arrivals: 0, closures: 0, workInProgress: {} }],
    };

    // when
    const [figure] = flowFigures(flow, labels);

    // then
    expect(figure!.empty).toBe(true);
  });

  it('split closures per DDAS reason into drop-out before a settlement and after, each share naming its base', () => {
    // given
    const outcomes: Outcomes = {
      asOf: AS_OF,
      closed: 10,
      byPhase: [],
      byPhaseAndReason: [
        { phase: 'intake', reason: 'Niet verschenen', count: 3 },
        { phase: 'aanmelding', reason: 'Zelf', count: 1 },
        { phase: 'aflossing', reason: 'Afgerond', count: 5 },
        { phase: 'stabilisatie', reason: 'Afgerond', count: 1 },
      ],
      droppedOutBeforeSettlement: 5,
      dropOutShare: 0.5,
      dropOutShareBase: 'closed',
      cohort: {
        registered: 20,
        reachedSettlement: 6,
        droppedOut: 5,
        openBeforeSettlement: 9,
        closedOtherwise: 0,
        dropOutShare: 0.25,
        dropOutShareBase: 'registered',
      },
      normDropOutShare: 0.4,
      normDropOutShareBase: 'registered',
    };

    // when
    const [byReason, dropOut] = outcomeFigures(outcomes, labels);

    // then
    expect(byReason!.rows.map((r) => r.cells)).toEqual([
      ['Afgerond', 6, 1, 5, 60, 20],
      ['Niet verschenen', 3, 3, 0, 30, 60],
      ['Zelf', 1, 1, 0, 10, 20],
    ]);
    expect(byReason!.columns[4]!.label).toBe('dashboard.col.shareOfClosed {"base":10}');
    expect(byReason!.columns[5]!.label).toBe('dashboard.col.shareOfDroppedOut {"base":5}');
    // the reference (a share of everyone registering) sits only beside the cohort share, never beside the share of closures
    expect(dropOut!.rows.map((r) => r.cells)).toEqual([
      ['dashboard.outcomes.dropOut.cohort', 5, 20, 25, 40],
      ['dashboard.outcomes.dropOut.measure', 5, 10, 50, null],
    ]);
  });

  it('count stalled pathways per owner with one column per phase, the busiest owner first, and link each listed pathway', () => {
    // given
    const stalled: Stalled = {
      asOf: AS_OF,
      days: 30,
      total: 4,
      byPhaseAndOwner: [
        { phase: 'stabilisatie', owner: 'urn:nld:ketenpad:social-work:SW-AMS', count: 1 },
        { phase: 'intake', owner: 'urn:nld:ketenpad:municipality:GM0363', count: 1 },
        { phase: 'intake', owner: 'urn:nld:ketenpad:social-work:SW-AMS', count: 2 },
      ],
      pathways: [
        {
          pathwayId: PATHWAY_A,
          phase: 'intake',
          owner: 'urn:nld:ketenpad:social-work:SW-AMS',
          lastEventAt: '2026-08-01T22:30:00.000Z',
          daysSinceLastEvent: 60,
        },
      ],
    };

    // when
    const [owners, list] = stalledFigures(stalled, labels);

    // then
    expect(owners!.columns.map((c) => c.label)).toEqual([
      'dashboard.col.owner',
      'intake',
      'stabilisatie',
      'dashboard.col.total',
    ]);
    expect(owners!.rows.map((r) => r.cells)).toEqual([
      ['SW-AMS', 2, 1, 3],
      ['GM0363', 1, 0, 1],
    ]);
    expect(owners!.chart!.series.map((s) => s.column)).toEqual([1, 2]);
    // the last event's calendar day in Amsterdam, not in UTC
    expect(list!.rows).toEqual([{ pathwayId: PATHWAY_A, cells: ['0A1B2C3D', 'intake', 'SW-AMS', '2026-08-02', 60] }]);
  });

  it('count the listed open Wgs deadlines per term, regular and crisis, and say when the list is cut off', () => {
    // given
    const pathway = (pathwayId: string, crisis: boolean, status: 'overdue' | 'approaching') => ({
      pathwayId,
      municipalityCode: 'GM0363',
      firstConversationDue: '2026-09-30',
      crisis,
      owner: null,
      status,
      workingDaysLeft: 0,
      workingDaysOverdue: status === 'overdue' ? 1 : 0,
    });
    const wgs: WgsDeadlines = {
      asOf: AS_OF,
      approachingWorkingDays: 3,
      approachingUntil: '2026-10-06',
      overdue: 5,
      approaching: 1,
      pathways: [pathway(PATHWAY_A, true, 'overdue'), pathway(PATHWAY_B, false, 'approaching')],
      listed: 2,
      total: 6,
      weekly: [{ week: '2026-09-28', held: 3, onTime: 2, late: 1, onTimeShare: 0.6667 }],
    };

    // when
    const [weekly, terms, open] = wgsFigures(wgs, labels);

    // then
    expect(weekly!.rows[0]!.cells).toEqual(['2026-09-28', 3, 2, 1, 66.7]);
    expect(terms!.rows.map((r) => r.cells)).toEqual([
      ['dashboard.term.regular', 0, 1],
      ['dashboard.term.crisis', 1, 0],
    ]);
    expect(terms!.note).toBe('dashboard.note.countedListed {"listed":2,"total":6}');
    expect(open!.rows.map((r) => r.pathwayId)).toEqual([PATHWAY_A, PATHWAY_B]);
    expect(open!.note).toBe('dashboard.note.cutOff {"listed":2,"total":6}');
  });

  it('summarise a chart in words: what it shows, over which rows, and the highest value of each series', () => {
    // given
    const flow: Flow = {
      asOf: AS_OF,
      from: '2026-09-21',
      to: '2026-10-01',
      weeks: [
        { week: '2026-09-21', arrivals: 3, closures: 1, workInProgress: { intake: 2 } },
        { week: '2026-09-28', arrivals: 5, closures: 0, workInProgress: { intake: 7 } },
      ],
    };

    // when
    const summary = flowFigures(flow, labels)[0]!.chart!.summary;

    // then
    expect(summary).toContain('"count":2,"first":"2026-09-21","last":"2026-09-28"');
    expect(summary).toContain('{"series":"dashboard.col.arrivals","value":"5","category":"2026-09-28"}');
    expect(summary).toContain('{"series":"dashboard.col.workInProgress","value":"7","category":"2026-09-28"}');
  });

  it('draw no chart when no series has a value, and keep the table rows', () => {
    // given referrals nobody answered yet: no waiting time to measure
    const none = { count: 0, medianHours: null, p90Hours: null, meanHours: null };
    const handOffs: HandOffs = {
      asOf: AS_OF,
      thresholdWorkingDays: 5,
      pairs: [
        {
          fromOrg: 'urn:nld:ketenpad:gp:HA-0001',
          toOrg: 'urn:nld:ketenpad:municipality:GM0363',
          referrals: 1,
          accepted: 0,
          declined: 0,
          waiting: 1,
          closedUnanswered: 0,
          referralToAcceptance: none,
          acceptanceToFirstContact: none,
        },
      ],
      waiting: [],
      waitingTotal: 0,
    };

    // when
    const [pairs, waiting] = handOffFigures(handOffs, labels);

    // then
    expect(pairs!.chart).toBeUndefined();
    expect(pairs!.rows.map((r) => r.cells)).toEqual([['GM0363', 'HA-0001', 1, 0, 0, 1, 0, null, null, null, null]]);
    expect(waiting!.empty).toBe(true);
  });
});
