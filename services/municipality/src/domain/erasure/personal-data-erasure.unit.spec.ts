import { erasingServiceOf, erasureProgress, type PersonalDataErasure } from './personal-data-erasure';

const requested: PersonalDataErasure = {
  erasureId: 'e-1',
  pathwayId: 'p-1',
  requestedAt: '2025-04-01T10:00:00.000Z',
  requestedBy: 'admin-1',
  completedAt: { municipality: '2025-04-01T10:00:00.000Z' },
};

describe('erasure progress', () => {
  it('is pending and lists every service, in order, while only the municipality has erased', () => {
    // when
    const progress = erasureProgress(requested);
    // then
    expect(progress.status).toBe('pending');
    expect(progress.services).toEqual([
      { service: 'municipality', completedAt: '2025-04-01T10:00:00.000Z' },
      { service: 'social-work', completedAt: null },
      { service: 'court-liaison', completedAt: null },
      { service: 'gp', completedAt: null },
      { service: 'timeline', completedAt: null },
      { service: 'partner-gateway', completedAt: null },
    ]);
  });

  it('is completed once every service answered', () => {
    // given
    const at = '2025-04-01T10:05:00.000Z';
    const all: PersonalDataErasure = {
      ...requested,
      completedAt: {
        ...requested.completedAt,
        'social-work': at,
        'court-liaison': at,
        gp: at,
        timeline: at,
        'partner-gateway': at,
      },
    };
    // then
    expect(erasureProgress(all).status).toBe('completed');
  });

  it.each([
    ['nl.ketenpad.gp.personal-data-erased.v1', 'gp'],
    ['nl.ketenpad.partner-gateway.personal-data-erased.v1', 'partner-gateway'],
    ['nl.ketenpad.gp.personal-data-erased.v2', undefined],
    ['nl.ketenpad.gp.referral-made.v1', undefined],
    ['nl.ketenpad.bank.personal-data-erased.v1', undefined],
  ])('names the service of event type %s as %s', (type, service) => {
    expect(erasingServiceOf(type)).toBe(service);
  });
});
