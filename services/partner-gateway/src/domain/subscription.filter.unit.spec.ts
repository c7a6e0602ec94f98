import { matchesFilter, typeMatches, type NotificationFacts, type SubscriptionFilter } from './subscription.filter';

const facts: NotificationFacts = {
  type: 'nl.ketenpad.municipality.referral-made.v1',
  classification: 'chain',
  pathwayId: '7d4f0e43-4c0b-4a0a-9f65-0e1c2b8b3a11',
  municipalityCode: 'GM0363',
};
const all: SubscriptionFilter = { eventTypes: ['*'], municipalities: [], classifications: [], pathwayIds: [] };

describe('subscription filters', () => {
  it.each<[string, string, boolean]>([
    ['exact type', 'nl.ketenpad.municipality.referral-made.v1', true],
    ['other exact type', 'nl.ketenpad.municipality.help-requested.v1', false],
    ['prefix of the producer', 'nl.ketenpad.municipality.*', true],
    ['prefix of another producer', 'nl.ketenpad.court-liaison.*', false],
    ['prefix without star is exact', 'nl.ketenpad.municipality.', false],
  ])('a type pattern %s (%s) matches: %s', (_case, pattern, expected) => {
    // given a pattern, when matched against the type, then
    expect(typeMatches(pattern, facts.type)).toBe(expected);
  });

  it.each<[string, Partial<SubscriptionFilter>, Partial<NotificationFacts>, boolean]>([
    ['no restriction beyond types', {}, {}, true],
    ['municipality listed', { municipalities: ['GM0363'] }, {}, true],
    ['other municipality', { municipalities: ['GM0344'] }, {}, false],
    ['municipality unknown while filtering on it', { municipalities: ['GM0363'] }, { municipalityCode: null }, false],
    ['classification listed', { classifications: ['chain', 'legal'] }, {}, true],
    ['classification not listed', { classifications: ['legal'] }, {}, false],
    ['pathway listed', { pathwayIds: [facts.pathwayId] }, {}, true],
    ['pathway not listed', { pathwayIds: ['0b8f3c52-1a1e-4f9e-9d71-3a5c7e2b9f10'] }, {}, false],
  ])('%s: matches is %s', (_case, filter, override, expected) => {
    // given a filter and an event
    // when matched
    const matched = matchesFilter({ ...all, ...filter }, { ...facts, ...override });
    // then
    expect(matched).toBe(expected);
  });
});
