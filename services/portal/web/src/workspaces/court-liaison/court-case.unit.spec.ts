import { describe, expect, it } from '@jest/globals';
import {
  availableCourtActions,
  dayAfter,
  hasProceedings,
  moratoriumTermProblem,
  plusMonths,
  type CourtCase,
} from './court-case';

const openCase = (changes: Partial<CourtCase> = {}): CourtCase => ({
  pathwayId: '4f0c2a5e-2d36-4d4b-9b39-6f7f8b0d1a11',
  organisationId: 'RB-AMS',
  status: 'open',
  openedDirectly: false,
  openedAt: '2026-12-01T09:00:00.000Z',
  referrals: [],
  moratorium: { status: 'none' },
  provisionalMeasure: null,
  forcedSettlement: { status: 'none' },
  wsnp: { status: 'none' },
  protectiveAdministration: { status: 'none' },
  hearings: [],
  ...changes,
});

describe('the court actions offered in a case state (mirroring the court-liaison decider)', () => {
  it('offers a new case the first step of every procedure, and no grant before a request', () => {
    expect(availableCourtActions(openCase())).toEqual([
      'moratorium-request',
      'provisional-measure',
      'forced-settlement-request',
      'wsnp-petition',
      'protective-administration-request',
      'hearing',
    ]);
  });

  it('offers grant or reject for a pending moratorium request, and nothing for the moratorium while it is in force', () => {
    const requested = openCase({
      moratorium: { status: 'requested', basis: 'Wgs-5', requestedAt: '2026-12-01T10:00:00.000Z' },
    });
    expect(availableCourtActions(requested)).toEqual(expect.arrayContaining(['moratorium-grant', 'moratorium-reject']));
    expect(availableCourtActions(requested)).not.toContain('moratorium-request');
    const granted = openCase({
      moratorium: { status: 'granted', basis: 'Wgs-5', startsAt: '2026-12-01', endsAt: '2027-03-01' },
    });
    expect(availableCourtActions(granted).filter((a) => a.startsWith('moratorium'))).toEqual([]);
    const ended = openCase({
      moratorium: {
        status: 'ended',
        basis: 'Wgs-5',
        startsAt: '2026-06-01',
        endsAt: '2026-09-01',
        endedAt: '2026-09-01T22:00:00.000Z',
      },
    });
    expect(availableCourtActions(ended)).toContain('moratorium-request');
  });

  it('follows the Wsnp, the dwangakkoord and beschermingsbewind to their next step', () => {
    const c = openCase({
      wsnp: { status: 'admitted', admittedAt: '2026-12-01T10:00:00.000Z', termMonths: 18 },
      forcedSettlement: {
        status: 'decided',
        requestedAt: '2026-11-01T10:00:00.000Z',
        outcome: 'granted',
        decidedAt: '2026-12-01T10:00:00.000Z',
      },
      protectiveAdministration: { status: 'ordered', orderedAt: '2026-12-01T10:00:00.000Z' },
    });
    const actions = availableCourtActions(c);
    expect(actions).toContain('wsnp-end');
    expect(actions).toContain('protective-administration-lift');
    expect(actions.filter((a) => a.startsWith('forced-settlement'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('wsnp-') && a !== 'wsnp-end')).toEqual([]);
    expect(hasProceedings(c)).toBe(true);
    expect(hasProceedings(openCase())).toBe(false);
  });

  it('offers a closed case only to take it up again', () => {
    expect(availableCourtActions(openCase({ status: 'closed' }))).toEqual(['reopen']);
  });
});

describe('the moratorium term (moratorium-term.rule.ts)', () => {
  it('adds months as the service does, keeping within the shorter month', () => {
    expect(plusMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(plusMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(plusMonths('2026-12-06', 3)).toBe('2027-03-06');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
  });

  it('accepts at most 6 months after the first day, and only an end after the start', () => {
    expect(moratoriumTermProblem('2026-12-06', '2027-06-06')).toBeUndefined();
    expect(moratoriumTermProblem('2026-12-06', '2027-06-07')).toBe('too-long');
    expect(moratoriumTermProblem('2026-12-06', '2026-12-06')).toBe('not-after-start');
    expect(moratoriumTermProblem('2026-12-06', '')).toBe('missing');
  });
});
