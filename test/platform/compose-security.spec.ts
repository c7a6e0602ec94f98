import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dlqTopicOf, topicOfProducer, topics } from '@ketenpad/contracts';

/**
 * No Docker engine runs where these tests run, so this checks the production override
 * (docker-compose.prod.yml, issue 12 finding 3) by parsing it: every service authenticates as its
 * own Kafka user, and the ACL job lets it write only its own topic (plus the dead-letter topics of
 * what it consumes), read only the topics it subscribes to, and use only its own consumer groups.
 * Topics come from contracts/topics.json, subscriptions from the services' own constants.
 */
const root = join(__dirname, '../..');
interface ComposeService {
  image?: string;
  network_mode?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}
const base = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const prod = parse(readFileSync(join(root, 'docker-compose.prod.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/* eslint-disable @typescript-eslint/no-require-imports -- the services' subscription constants, read where they are declared */
const subscriptions: Record<string, readonly string[]> = {
  municipality: require('../../services/municipality/src/adapters/messaging/chain-reactions.consumer').REACTIONS_TOPICS,
  'social-work': require('../../services/social-work/src/adapters/kafka/referral-inbox.consumer').REFERRAL_SOURCE_TOPICS,
  'court-liaison': ['municipality.events.v1'], // inline in services/court-liaison/src/app.module.ts, checked below
  gp: require('../../services/gp/src/application/referral-outcome.consumer').REFERRAL_OUTCOME_TOPICS,
  timeline: require('../../services/timeline/src/application/chain-topics').CHAIN_TOPICS,
  'partner-gateway': require('../../services/partner-gateway/src/application/chain-events.consumer').PARTNER_GATEWAY_TOPICS,
};
/* eslint-enable @typescript-eslint/no-require-imports */
const chainServices = Object.keys(subscriptions);

interface Grant {
  readonly principal: string;
  readonly operations: readonly string[];
  readonly kind: string;
  readonly name: string;
}
const script = prod.services['kafka-security']?.command?.join('\n') ?? '';
const grants: Grant[] = [...script.matchAll(/^\s*grant (\S+) (\S+) (\S+) (\S+)\s*$/gm)].map((m) => ({
  principal: m[1]!,
  operations: m[2]!.split(','),
  kind: m[3]!,
  name: m[4]!,
}));
const users = [...script.matchAll(/^\s*user (\S+) "\$\$(\w+)"\s*$/gm)].map((m) => ({ name: m[1]!, passwordVar: m[2]! }));

describe('production compose: Kafka credentials and ACLs', () => {
  it('covers every service that uses Kafka in docker-compose.yml, and the court liaison’s subscription is what its module declares', () => {
    // then
    const withKafka = Object.entries(base.services)
      .filter(([, s]) => s.environment?.KAFKA_BROKERS !== undefined && s.command === undefined)
      .map(([name]) => name);
    expect(withKafka.sort()).toEqual([...chainServices].sort());
    expect(readFileSync(join(root, 'services/court-liaison/src/app.module.ts'), 'utf8')).toContain(
      "topics: ['municipality.events.v1']",
    );
  });

  it('runs Kafka with SASL on every listener and the KRaft StandardAuthorizer denying what no ACL allows, the super user only on loopback', () => {
    // given
    const env = prod.services.kafka!.environment!;
    // then
    expect(env.KAFKA_AUTHORIZER_CLASS_NAME).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(env.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe('false');
    expect(env.KAFKA_SUPER_USERS).toBe('User:admin');
    const protocols = String(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).split(',').map((p) => p.split(':')[1]);
    expect(protocols.every((p) => p === 'SASL_PLAINTEXT' || p === 'SASL_SSL')).toBe(true);
    expect(env.KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS).toMatch(/^SCRAM-SHA-(256|512)$/);
    const listeners = String(env.KAFKA_LISTENERS).split(',');
    expect(listeners.filter((l) => !l.startsWith('CLIENT://')).every((l) => l.includes('//localhost:'))).toBe(true);
    expect(prod.services['kafka-security']!.network_mode).toBe('service:kafka');
  });

  it('gives every service its own SCRAM user, password and client settings, started only after the ACLs exist', () => {
    for (const service of chainServices) {
      // given
      const s = prod.services[service]!;
      const env = s.environment!;
      // then
      expect(env.KAFKA_SASL_MECHANISM).toMatch(/^scram-sha-(256|512)$/);
      expect(env.KAFKA_SASL_USERNAME).toBe(service);
      expect(String(env.KAFKA_SASL_PASSWORD)).toMatch(/^\$\{[A-Z_]+_KAFKA_PASSWORD:\?/);
      expect(s.depends_on?.['kafka-security']).toEqual({ condition: 'service_completed_successfully' });
      const user = users.find((u) => u.name === service);
      expect(String(env.KAFKA_SASL_PASSWORD)).toContain(user?.passwordVar);
    }
    const passwords = chainServices.map((service) => prod.services[service]!.environment!.KAFKA_SASL_PASSWORD);
    expect(new Set(passwords).size).toBe(chainServices.length);
    expect(prod.services.topics!.environment!.KAFKA_SASL_USERNAME).toBe('provisioner');
  });

  it('lets each service write only its own topic and the dead-letter topics of what it consumes, read only its subscriptions, and use only its own groups', () => {
    for (const service of chainServices) {
      // given
      const own = grants.filter((g) => g.principal === service);
      const consumed = subscriptions[service]!;
      // then
      const written = own.filter((g) => g.operations.includes('Write')).map((g) => `${g.kind}:${g.name}`);
      expect(written.sort()).toEqual(
        [topicOfProducer(service).name, ...consumed.map(dlqTopicOf)].map((t) => `topic:${t}`).sort(),
      );
      const read = own.filter((g) => g.operations.includes('Read')).map((g) => `${g.kind}:${g.name}`);
      expect(read.sort()).toEqual([...consumed.map((t) => `topic:${t}`), `group-prefixed:${service}.`].sort());
      expect(own.every((g) => g.kind !== 'cluster' && !g.name.includes('*'))).toBe(true);
      expect(own.flatMap((g) => g.operations).every((op) => ['Read', 'Write', 'Describe'].includes(op))).toBe(true);
    }
  });

  it('lets only the provisioning job create topics, exactly those of contracts/topics.json and their dead-letter topics', () => {
    // then
    const creators = grants.filter((g) => g.operations.includes('Create'));
    expect(new Set(creators.map((g) => g.principal))).toEqual(new Set(['provisioner']));
    expect(
      creators
        .filter((g) => g.kind === 'topic')
        .map((g) => g.name)
        .sort(),
    ).toEqual([...topics.map((t) => t.name), ...topics.map((t) => dlqTopicOf(t.name))].sort());
  });
});
