import { HandOffStory } from './scenario.runner';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00.000Z');

describe('the hand-off story of a demo scenario', () => {
  it('leaves every moment to the services while nothing was dated', () => {
    // given a help request made now / when / then
    expect(new HandOffStory(7).next(NOW)).toBeUndefined();
  });

  it('dates referrals and answers in order, after the help request and before now, with waits of hours and days', () => {
    // given a help request of ten days ago
    const story = new HandOffStory(7);
    const requestedAt = NOW - 10 * DAY_MS;
    story.happened(requestedAt);
    // when a referral is made, declined, made again and accepted
    const moments = [story.next(NOW), story.next(NOW), story.next(NOW), story.next(NOW)].map((m) => Date.parse(m!));
    // then
    expect(moments[0]).toBeGreaterThan(requestedAt);
    expect(moments.every((m, i) => i === 0 || m >= moments[i - 1]!)).toBe(true);
    expect(moments[3]).toBeLessThan(NOW);
    // a quarter to three quarters of the time left each: the first wait is at least a quarter of a day
    expect(moments[1]! - moments[0]!).toBeGreaterThanOrEqual(0.25 * (NOW - moments[0]!) - 1);
    expect(moments[1]! - moments[0]!).toBeGreaterThan(6 * 3_600_000);
  });

  it('dates the same scenario the same way, and another scenario otherwise', () => {
    const datesOf = (index: number): Array<string | undefined> => {
      const story = new HandOffStory(index);
      story.happened(NOW - 14 * DAY_MS);
      return [story.next(NOW), story.next(NOW), story.next(NOW)];
    };
    expect(datesOf(3)).toEqual(datesOf(3));
    expect(datesOf(3)).not.toEqual(datesOf(4));
  });

  it('follows a later dated fact, such as a first conversation held late', () => {
    // given a help request of 50 days ago and a first conversation of 12 days ago
    const story = new HandOffStory(1);
    story.happened(NOW - 50 * DAY_MS);
    story.happened(NOW - 12 * DAY_MS);
    // when / then
    expect(Date.parse(story.next(NOW)!)).toBeGreaterThanOrEqual(NOW - 12 * DAY_MS);
  });
});
