import { loadEventSchemas, topicOfProducer, topics } from '@ketenpad/contracts';
import { ForgedEventError, assertProvenance, provenanceIssuesOf } from './event.provenance';

const SOCIAL_WORK_TOPIC = 'social-work.events.v1';

describe('event provenance (a topic carries only its producer’s events, from its own kind of organisation)', () => {
  it('accepts every event type of the catalogue on its producer’s topic with a source of the producer’s kind, service-level sources included', () => {
    // given every declared type, from an organisation and from the service itself (erasure answers, alerts)
    const entries = loadEventSchemas();
    // when
    const rejected = entries.flatMap((entry) =>
      // an organisation, the service itself, and the older service-level form still on the topics
      ['ORG-1', undefined, 'ketenpad'].flatMap((orgId) =>
        provenanceIssuesOf(
          { type: entry.type, source: `urn:nld:ketenpad:${entry.producer}${orgId === undefined ? '' : `:${orgId}`}` },
          topicOfProducer(entry.producer).name,
        ).map((issue) => `${entry.type} from ${orgId}: ${issue.message}`),
      ),
    );
    // then
    expect(entries.length).toBeGreaterThan(50);
    expect(rejected).toEqual([]);
  });

  it('refuses a municipality consent-recorded produced onto social-work.events.v1, even with a social-work source', () => {
    // given the attack of issue 12: another organisation's event on a topic the attacker can write to
    const forged = { type: 'nl.ketenpad.municipality.consent-recorded.v1', source: 'urn:nld:ketenpad:municipality:GM0344' };
    const disguised = { ...forged, source: 'urn:nld:ketenpad:social-work:SW-AMS' };
    // when
    const issues = provenanceIssuesOf(forged, SOCIAL_WORK_TOPIC);
    const disguisedIssues = provenanceIssuesOf(disguised, SOCIAL_WORK_TOPIC);
    // then
    expect(issues).toEqual([
      {
        path: '/type',
        message: 'nl.ketenpad.municipality.consent-recorded.v1 is not produced by social-work, the only producer on social-work.events.v1',
      },
      { path: '/source', message: 'an organisation of kind municipality may not publish on social-work.events.v1, only social-work' },
    ]);
    expect(disguisedIssues.map((i) => i.path)).toEqual(['/type']);
  });

  it('refuses a social-work event with a municipality source on the social-work topic', () => {
    // when
    const issues = provenanceIssuesOf(
      { type: 'nl.ketenpad.social-work.first-contact-made.v1', source: 'urn:nld:ketenpad:municipality:GM0344' },
      SOCIAL_WORK_TOPIC,
    );
    // then
    expect(issues).toEqual([
      { path: '/source', message: 'an organisation of kind municipality may not publish on social-work.events.v1, only social-work' },
    ]);
  });

  it('refuses a type the producer does not declare, a partner or malformed source and an unknown topic', () => {
    // when
    const undeclared = provenanceIssuesOf(
      { type: 'nl.ketenpad.social-work.consent-recorded.v1', source: 'urn:nld:ketenpad:social-work:SW-AMS' },
      SOCIAL_WORK_TOPIC,
    );
    const partnerKind = provenanceIssuesOf(
      { type: 'nl.ketenpad.partner-gateway.subscription-failing.v1', source: 'urn:nld:ketenpad:partner:acme' },
      'partner-gateway.events.v1',
    );
    const malformed = provenanceIssuesOf(
      { type: 'nl.ketenpad.gp.referral-made.v1', source: 'urn:nld:ketenpad:gp:' },
      'gp.events.v1',
    );
    const unknownTopic = provenanceIssuesOf(
      { type: 'nl.ketenpad.gp.referral-made.v1', source: 'urn:nld:ketenpad:gp:HA-0001' },
      'gp.events.v1.dlq',
    );
    // then
    expect(undeclared).toEqual([
      { path: '/type', message: 'nl.ketenpad.social-work.consent-recorded.v1 is not declared by social-work in contracts/' },
    ]);
    expect(partnerKind.map((i) => i.path)).toEqual(['/source']);
    expect(malformed).toEqual([
      {
        path: '/source',
        message: "must be an organisation URN urn:nld:ketenpad:gp:<orgId> or the service's urn:nld:ketenpad:gp",
      },
    ]);
    expect(unknownTopic).toEqual([
      { path: '', message: 'topic gp.events.v1.dlq carries no domain events (not in contracts/topics.json)' },
    ]);
  });

  it('can leave an unknown type of the right producer (e.g. a newer version) to the codec', () => {
    // when
    const issues = provenanceIssuesOf(
      { type: 'nl.ketenpad.social-work.first-contact-made.v2', source: 'urn:nld:ketenpad:social-work:SW-AMS' },
      SOCIAL_WORK_TOPIC,
      { requireDeclaredType: false },
    );
    // then
    expect(issues).toEqual([]);
  });

  it('throws a ForgedEventError naming the topic and every issue', () => {
    // when
    const attempt = () =>
      assertProvenance(
        { type: 'nl.ketenpad.municipality.consent-recorded.v1', source: 'urn:nld:ketenpad:municipality:GM0344' },
        SOCIAL_WORK_TOPIC,
      );
    // then
    expect(attempt).toThrow(ForgedEventError);
    expect(attempt).toThrow(/^Event not accepted on topic social-work\.events\.v1: \/type .*; \/source /);
  });

  it('has one topic per producer whose type prefix names that producer', () => {
    // then the rule's two views of the producer (topic and type) agree in contracts/
    expect(topics.every((t) => t.eventTypePrefix === `nl.ketenpad.${t.producer}.`)).toBe(true);
    expect(new Set(topics.map((t) => t.producer)).size).toBe(topics.length);
  });
});
