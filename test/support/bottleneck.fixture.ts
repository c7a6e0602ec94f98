import { randomInt, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { KetenpadEventDataMap, KetenpadEventType } from '@ketenpad/contracts';
import { buildEvent, EventCodec, type EventEnvelope } from '@ketenpad/events';
import { kafkaBrokers } from '@ketenpad/testing';
import { Clock } from '@ketenpad/runtime';

const code = `GM9${String(randomInt(0, 1000)).padStart(3, '0')}`;
const otherCode = `GM8${String(randomInt(0, 1000)).padStart(3, '0')}`;
const erasureCode = `GM7${String(randomInt(0, 1000)).padStart(3, '0')}`;

/**
 * Organisations of this test run. Other tests of the same run publish on the
 * same dev broker, so the data set uses municipality codes and a social-work
 * organisation of its own and every query filters on them.
 */
export const ORGS = {
  code,
  otherCode,
  municipality: `urn:nld:ketenpad:municipality:${code}`,
  otherMunicipality: `urn:nld:ketenpad:municipality:${otherCode}`,
  /** A third municipality, for the erasure scenario (kept out of the analytics asserted). */
  erasureCode,
  erasureMunicipality: `urn:nld:ketenpad:municipality:${erasureCode}`,
  socialWorkId: `SW-E2E-${randomInt(0, 1_000_000)}`,
  get socialWork(): string {
    return `urn:nld:ketenpad:social-work:${this.socialWorkId}`;
  },
};

/** A clock that stands still until the test moves it (the clock is a process edge: tests pin it). */
export class PinnedClock extends Clock {
  constructor(private at: Date) {
    super();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date): void {
    this.at = at;
  }
}

type Producer_ = 'municipality' | 'social-work';

/** One chain event as its producer would publish it, with the time the fact happened. */
export interface ChainFact {
  producer: Producer_;
  source: string;
  name: string;
  pathwayId: string;
  time: string;
  data: Record<string, unknown>;
}

/**
 * Writes chain facts for one pathway, each at a chosen instant, as the
 * producing organisations publish them: contract-validated CloudEvents on the
 * producer's topic, keyed by pathway id. The producing services stamp events
 * with their own clock, so a data set with known times (holidays, weekends,
 * weeks of waiting) is published the way their outbox relays do.
 */
export class PathwayScript {
  readonly facts: ChainFact[] = [];

  /**
   * @param recordedAt when each fact was published, given when it happened: by
   * default at once; a counsellor entering things after the fact publishes later.
   */
  constructor(
    readonly pathwayId: string = randomUUID(),
    private readonly municipality: string = ORGS.municipality,
    private readonly recordedAt: (happened: string) => string = (happened) => happened,
  ) {}

  private add(producer: Producer_, source: string, name: string, at: string, data: Record<string, unknown>): this {
    this.facts.push({ producer, source, name, pathwayId: this.pathwayId, time: this.recordedAt(at), data });
    return this;
  }

  helpRequested(at: string, firstConversationDue: string, crisis: string | null = null): this {
    const code = this.municipality.split(':')[4]!;
    return this.add('municipality', this.municipality, 'help-requested', at, {
      channel: 'balie',
      requestedAt: at,
      crisis: crisis ? { type: crisis } : null,
      firstConversationDue,
      municipalityCode: code,
    });
  }

  firstConversationHeld(at: string, deadlineMet: boolean): this {
    return this.add('municipality', this.municipality, 'first-conversation-held', at, { heldAt: at, deadlineMet });
  }

  phase(from: string | null, to: string, at: string): this {
    return this.add('municipality', this.municipality, 'phase-changed', at, { from, to, at });
  }

  closed(reason: string, phaseAtClose: string, at: string): this {
    return this.add('municipality', this.municipality, 'pathway-closed', at, { reason, phaseAtClose, at });
  }

  referral(referralId: string, fromOrg: string, toOrg: string, at: string, residentPseudonym?: string): this {
    const producer = producerOf(fromOrg);
    return this.add(producer, fromOrg, 'referral-made', at, {
      referralId,
      fromOrg,
      toOrg,
      reason: producer === 'social-work' ? 'debt-assistance' : 'stabilisation',
      urgent: false,
      warm: true,
      at,
      ...(residentPseudonym ? { residentPseudonym } : {}),
    });
  }

  personalDataErased(erasureId: string, at: string): this {
    return this.add('municipality', this.municipality, 'personal-data-erased', at, { erasureId, at });
  }

  /** The municipality took the referral that opened this pathway into the resident's existing pathway `into`. */
  merged(into: string, referralId: string, at: string): this {
    return this.add('municipality', this.municipality, 'pathway-merged', at, { intoPathwayId: into, referralId, at });
  }

  accepted(referralId: string, by: string, at: string): this {
    return this.add(producerOf(by), by, 'referral-accepted', at, { referralId, by, at });
  }

  declined(referralId: string, by: string, at: string): this {
    return this.add(producerOf(by), by, 'referral-declined', at, { referralId, by, declineReason: 'no-capacity', at });
  }

  firstContact(referralId: string, at: string): this {
    return this.add('social-work', ORGS.socialWork, 'first-contact-made', at, { referralId, kind: 'Telefoon', at });
  }
}

function producerOf(urn: string): Producer_ {
  return urn.split(':')[3] === 'social-work' ? 'social-work' : 'municipality';
}

/**
 * Publishes facts through a plain kafkajs producer on the dev broker, validated by the shared codec;
 * returns the envelopes so a test can deliver one again (`publishEnvelopes`).
 */
export async function publishFacts(facts: readonly ChainFact[]): Promise<EventEnvelope[]> {
  const envelopes = facts.map((fact) =>
    buildEvent({
      type: `nl.ketenpad.${fact.producer}.${fact.name}.v1` as KetenpadEventType,
      source: fact.source,
      pathwayId: fact.pathwayId,
      time: fact.time,
      data: fact.data as KetenpadEventDataMap[KetenpadEventType],
    }),
  );
  await publishEnvelopes(envelopes);
  return envelopes;
}

/** Publishes events as they are (the same id again is a redelivery), each on its producer's topic. */
export async function publishEnvelopes(envelopes: readonly EventEnvelope[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'bottleneck-fixture', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  const codec = EventCodec.shared();
  await producer.connect();
  try {
    for (const envelope of envelopes) {
      await producer.send({
        topic: `${envelope.type.split('.')[2]}.events.v1`,
        acks: -1,
        messages: [{ key: envelope.pathwayid, value: codec.encode(envelope), headers: codec.headersOf(envelope) }],
      });
    }
  } finally {
    await producer.disconnect();
  }
}
