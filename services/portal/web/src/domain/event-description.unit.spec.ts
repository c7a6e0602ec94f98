import { describe, expect, it } from '@jest/globals';
import { eventDescriptionKey } from './event-description';

describe("an event's Dutch description", () => {
  it('names the detail the event carries: the new phase, the organisation referred to, the DDAS reason', () => {
    // given / when / then
    expect(
      eventDescriptionKey({
        type: 'nl.ketenpad.municipality.phase-changed.v1',
        data: { from: 'aanmelding', to: 'intake' },
      }),
    ).toEqual({
      key: 'event.phase-changed.to',
      params: { to: 'intake' },
      kind: { to: 'phase' },
    });
    expect(
      eventDescriptionKey({
        type: 'nl.ketenpad.municipality.referral-made.v1',
        data: { toOrg: 'urn:nld:ketenpad:social-work:SW-AMS' },
      }),
    ).toEqual({
      key: 'event.referral-made.to',
      params: { to: 'urn:nld:ketenpad:social-work:SW-AMS' },
      kind: { to: 'organisation' },
    });
    expect(
      eventDescriptionKey({ type: 'nl.ketenpad.municipality.pathway-closed.v1', data: { reason: 'Zelf' } }).key,
    ).toBe('event.pathway-closed.reason');
    expect(
      eventDescriptionKey({
        type: 'nl.ketenpad.social-work.referral-declined.v1',
        data: { referralId: 'r-1', declineReason: 'no-capacity' },
      }),
    ).toEqual({
      key: 'event.referral-declined.reason',
      params: { reason: 'no-capacity' },
      kind: { reason: 'decline-reason' },
    });
  });

  it('falls back to the plain text of the type when the detail is missing', () => {
    // given / when / then
    expect(eventDescriptionKey({ type: 'nl.ketenpad.municipality.phase-changed.v1' })).toEqual({
      key: 'event.phase-changed',
      params: {},
      kind: {},
    });
    expect(eventDescriptionKey({ type: 'nl.ketenpad.social-work.referral-accepted.v1', data: {} }).key).toBe(
      'event.referral-accepted',
    );
  });
});
