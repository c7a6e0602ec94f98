import { LocalDate } from '@ketenpad/calendar';
import { schedulerIntervalFromEnv } from '../court-liaison.module';
import { DEFAULT_SCHEDULER_INTERVAL_MS, startOfDayInAmsterdam } from './moratorium-end.scheduler';

describe('moratorium end scheduling', () => {
  it('ends a moratorium at midnight Amsterdam time, in winter and in summer time', () => {
    expect(startOfDayInAmsterdam(LocalDate.parse('2025-03-08')).toISOString()).toBe('2025-03-07T23:00:00.000Z');
    expect(startOfDayInAmsterdam(LocalDate.parse('2025-09-12')).toISOString()).toBe('2025-09-11T22:00:00.000Z');
  });

  it('takes the day the clocks go forward as starting in winter time', () => {
    expect(startOfDayInAmsterdam(LocalDate.parse('2025-03-30')).toISOString()).toBe('2025-03-29T23:00:00.000Z');
  });

  it('polls every 30 seconds unless COURT_LIAISON_SCHEDULER_INTERVAL_MS says otherwise, and refuses nonsense', () => {
    expect(schedulerIntervalFromEnv({})).toBe(DEFAULT_SCHEDULER_INTERVAL_MS);
    expect(DEFAULT_SCHEDULER_INTERVAL_MS).toBe(30_000);
    expect(schedulerIntervalFromEnv({ COURT_LIAISON_SCHEDULER_INTERVAL_MS: '5000' })).toBe(5000);
    expect(() => schedulerIntervalFromEnv({ COURT_LIAISON_SCHEDULER_INTERVAL_MS: '-1' })).toThrow(
      /positive whole number/,
    );
  });
});
