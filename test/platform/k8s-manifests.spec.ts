import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_PORTS, type ServiceName } from '@ketenpad/runtime';

/**
 * No Kubernetes cluster runs where these tests run, so this checks the production manifests
 * (infra/k8s, issue 12 findings 3 and 8) by parsing them, against what they must agree with: the
 * services of docker-compose.yml, the Kafka users and ACLs of docker-compose.prod.yml, the topics
 * of contracts/topics.json, the services' own subscriptions, the roles of infra/docker/postgres-init
 * and the Secrets infra/k8s/README.md tells an operator to create.
 */
const root = join(__dirname, '../..');
const k8sDir = join(root, 'infra/k8s');

// --- what the manifests must agree with -------------------------------------------------------

interface ComposeService {
  build?: { args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number>;
}
const readCompose = (file: string) =>
  parse(readFileSync(join(root, file), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const base = readCompose('docker-compose.yml');
const prod = readCompose('docker-compose.prod.yml');
/** A service's environment with the production override applied, as `docker compose -f … -f …` runs it. */
const composeEnv = (service: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries({ ...base.services[service]?.environment, ...prod.services[service]?.environment }).map(([k, v]) => [
      k,
      String(v),
    ]),
  );
/** Every service compose builds from the Dockerfile (the chain services and the portal). */
const deployedServices = Object.entries(base.services)
  .filter(([, s]) => s.build?.args?.SERVICE)
  .map(([name]) => name);
/** The services that use Kafka (not the one-shot topics job), as compose-security.spec.ts counts them. */
const kafkaServices = Object.entries(base.services)
  .filter(([, s]) => s.environment?.KAFKA_BROKERS !== undefined && s.command === undefined)
  .map(([name]) => name);
const chainServices = deployedServices.filter((s) => composeEnv(s).DATABASE_URL !== undefined);

const topicsFile = JSON.parse(readFileSync(join(root, 'contracts/topics.json'), 'utf8')) as {
  dlq: { suffix: string; partitions: number; retentionMs: number };
  topics: { name: string; partitions: number; producer: string; retentionMs: number }[];
};
const dlqOf = (topic: string) => `${topic}${topicsFile.dlq.suffix}`;

/* eslint-disable @typescript-eslint/no-require-imports -- the services' subscription constants, read where they are declared */
const subscriptions: Record<string, readonly string[]> = {
  municipality: require('../../services/municipality/src/adapters/messaging/chain-reactions.consumer').REACTIONS_TOPICS,
  'social-work': require('../../services/social-work/src/adapters/kafka/referral-inbox.consumer')
    .REFERRAL_SOURCE_TOPICS,
  // declared inline in the court liaison's module
  'court-liaison': [
    ...(
      /topics: \[([^\]]*)\]/.exec(readFileSync(join(root, 'services/court-liaison/src/app.module.ts'), 'utf8'))?.[1] ??
      ''
    ).matchAll(/'([^']+)'/g),
  ].map((m) => m[1]!),
  gp: require('../../services/gp/src/application/referral-outcome.consumer').REFERRAL_OUTCOME_TOPICS,
  timeline: require('../../services/timeline/src/application/chain-topics').CHAIN_TOPICS,
  'partner-gateway': require('../../services/partner-gateway/src/application/chain-events.consumer')
    .PARTNER_GATEWAY_TOPICS,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The `grant <principal> <operations> <kind> <name>` lines of docker-compose.prod.yml's kafka-security job. */
const composeGrants = [
  ...(prod.services['kafka-security']?.command?.join('\n') ?? '').matchAll(/^\s*grant (\S+) (\S+) (\S+) (\S+)\s*$/gm),
].map((m) => ({ principal: m[1]!, operations: m[2]!.split(','), kind: m[3]!, name: m[4]! }));

const postgresInit = readdirSync(join(root, 'infra/docker/postgres-init'))
  .map((file) => readFileSync(join(root, 'infra/docker/postgres-init', file), 'utf8'))
  .join('\n');

// --- the manifests -------------------------------------------------------------------------------

type Labels = Record<string, string>;
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: unknown[];
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: SecretKeyRef; configMapKeyRef?: { name: string; key: string } };
}
interface SecretKeyRef {
  name: string;
  key: string;
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodTemplate {
  metadata: { labels: Labels };
  spec: {
    containers: Container[];
    initContainers?: Container[];
    enableServiceLinks?: boolean;
    automountServiceAccountToken?: boolean;
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
    volumes?: { name: string; configMap?: { name: string; optional?: boolean }; secret?: { secretName: string } }[];
  };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels };
  data?: Record<string, string>;
  spec?: unknown;
}
interface Workload extends Manifest {
  spec: { template: PodTemplate };
}
interface Acl {
  resource: { type: string; name?: string; patternType?: string };
  operations: string[];
}
interface KafkaUser extends Manifest {
  spec: { authentication: { type: string }; authorization: { type: string; acls: Acl[] } };
}
interface KafkaTopic extends Manifest {
  spec: { topicName?: string; partitions: number; config: Record<string, string | number> };
}
interface Kafka extends Manifest {
  spec: {
    kafka: {
      listeners: {
        name: string;
        port: number;
        tls: boolean;
        authentication?: { type: string };
        networkPolicyPeers?: { podSelector?: Selector }[];
      }[];
      authorization?: { type: string; superUsers?: string[] };
      config?: Record<string, unknown>;
    };
  };
}
interface NetworkPolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string };
}
interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: { port?: string | number }[];
}
interface NetworkPolicy extends Manifest {
  spec: {
    podSelector: Selector;
    policyTypes: string[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  };
}
interface Service extends Manifest {
  spec: { selector: Labels; ports: { port: number; targetPort: string | number }[] };
}

const kustomization = parse(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8')) as {
  namespace: string;
  resources: string[];
  configMapGenerator?: { name: string; files: string[] }[];
  images?: { name: string; newName?: string; newTag?: string }[];
};
const parseErrors: string[] = [];
const manifests: Manifest[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8'))
    .filter((doc) => {
      parseErrors.push(...doc.errors.map((e) => `${file}: ${e.message}`));
      return doc.contents !== null;
    })
    .map((doc) => doc.toJS() as Manifest),
);
const ofKind = <T extends Manifest>(kind: string): T[] => manifests.filter((m) => m.kind === kind) as T[];
const named = <T extends Manifest>(kind: string, name: string): T | undefined =>
  ofKind<T>(kind).find((m) => m.metadata.name === name);

const deployments = ofKind<Workload>('Deployment');
const workloads = [...deployments, ...ofKind<Workload>('StatefulSet'), ...ofKind<Workload>('Job')];
const kafkaUsers = ofKind<KafkaUser>('KafkaUser');
const networkPolicies = ofKind<NetworkPolicy>('NetworkPolicy');
const kafka = ofKind<Kafka>('Kafka')[0];
const rolesJob = ofKind<Workload>('Job').find((job) =>
  job.spec.template.spec.volumes?.some((v) =>
    kustomization.configMapGenerator?.some((g) => g.name === v.configMap?.name),
  ),
);

const containersOf = (w: Workload) => [
  ...(w.spec.template.spec.initContainers ?? []),
  ...w.spec.template.spec.containers,
];
const mainContainer = (service: string) => named<Workload>('Deployment', service)!.spec.template.spec.containers[0]!;
const selects = (selector: Selector | undefined, labels: Labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/** What a container's environment holds: ConfigMap values (envFrom, then env) or a Secret reference. */
function environmentOf(container: Container): Map<string, { value?: string; secret?: SecretKeyRef }> {
  const env = new Map<string, { value?: string; secret?: SecretKeyRef }>();
  for (const source of container.envFrom ?? []) {
    const configMap = named<Manifest>('ConfigMap', source.configMapRef?.name ?? '');
    expect({ envFrom: source, found: configMap !== undefined }).toEqual({ envFrom: source, found: true });
    for (const [k, v] of Object.entries(configMap!.data ?? {})) env.set(k, { value: String(v) });
  }
  for (const variable of container.env ?? []) {
    env.set(
      variable.name,
      variable.valueFrom?.secretKeyRef ? { secret: variable.valueFrom.secretKeyRef } : { value: variable.value },
    );
  }
  return env;
}
/** A named container port (`http`) as its number. */
const portNumber = (container: Container, port: string | number | undefined) =>
  typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
/** The volume a file of a Deployment's container lies on. */
function volumeHolding(service: string, path: string) {
  const mount = mainContainer(service).volumeMounts?.find((m) => path.startsWith(`${m.mountPath}/`));
  return named<Workload>('Deployment', service)!.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
}
const envVarOf = (service: string) => service.toUpperCase().replace(/-/g, '_');
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|_KEY)$/;
/** `postgres://user:password@host:port/db` split without URL-encoding the password (it may be `$(VAR)`). */
const connectionUrl = (url: string) => {
  const m = /^([a-z]+):\/\/([^:@/]+)(?::([^@]*))?@([^:/]+):(\d+)\/(.+)$/.exec(url);
  return m ? { user: m[2]!, password: m[3], host: m[4]!, port: Number(m[5]), database: m[6]! } : undefined;
};
/** The Secret a `$(VAR)` reference in a container's env value resolves to, if `VAR` comes from one. */
function referencedSecret(container: Container, reference: string | undefined, before: string) {
  const name = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(reference ?? '')?.[1];
  const env = container.env ?? [];
  const at = env.findIndex((v) => v.name === before);
  const earlier = env.slice(0, at).find((v) => v.name === name);
  return earlier?.valueFrom?.secretKeyRef;
}

/** The Secrets README.md tells an operator to create: rows of its table `| \`name\` | \`key\`, … | … |`. */
const documentedSecrets = [
  ...readFileSync(join(k8sDir, 'README.md'), 'utf8').matchAll(
    /^\| `([a-z0-9-]+)` +\| ((?:`[a-z0-9.-]+`(?:, )?)+) +\|/gm,
  ),
].map((m) => ({ name: m[1]!, keys: [...m[2]!.matchAll(/`([^`]+)`/g)].map((k) => k[1]!) }));

// --- the checks ----------------------------------------------------------------------------------

describe('Kubernetes manifests (infra/k8s)', () => {
  it('applies every manifest file through kustomization.yaml into one namespace, each parsing cleanly, with no Secret among them', () => {
    // given
    const yamlFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? yamlFiles(join(dir, entry.name))
          : entry.name.endsWith('.yaml')
            ? [relative(k8sDir, join(dir, entry.name))]
            : [],
      );
    // then
    expect(parseErrors).toEqual([]);
    expect(
      yamlFiles(k8sDir)
        .filter((f) => f !== 'kustomization.yaml')
        .sort(),
    ).toEqual([...kustomization.resources].sort());
    expect(ofKind('Namespace').map((n) => n.metadata.name)).toEqual([kustomization.namespace]);
    expect(manifests.filter((m) => m.metadata.namespace && m.metadata.namespace !== kustomization.namespace)).toEqual(
      [],
    );
    expect(ofKind('Secret')).toEqual([]);
    for (const generator of kustomization.configMapGenerator ?? [])
      for (const file of generator.files) expect(existsSync(join(k8sDir, file))).toBe(true);
  });

  it('deploys every service of docker-compose.yml, and nothing else, from its image of the repository’s Dockerfile on its port', () => {
    // then
    expect(deployedServices.length).toBeGreaterThan(0);
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...deployedServices].sort());
    for (const service of deployedServices) {
      // given
      const deployment = named<Workload>('Deployment', service)!;
      const container = mainContainer(service);
      const env = environmentOf(container);
      const port = SERVICE_PORTS[service as ServiceName];
      const image = kustomization.images?.find((i) => i.name === container.image);
      // then: the image compose builds with SERVICE=<service>, mapped to a registry and a pinned tag
      expect(base.services[service]!.build!.args!.SERVICE).toBe(service);
      expect(container.image).toBe(`ketenpad/${service}`);
      expect(image?.newName).toMatch(new RegExp(`/ketenpad/${service}$`));
      expect(image?.newTag).toMatch(/^(?!latest$)\S+$/);
      // on the port compose gives it, exposed by a Service of the same name
      expect(env.get(`${envVarOf(service)}_PORT`)?.value).toBe(composeEnv(service)[`${envVarOf(service)}_PORT`]);
      expect(env.get(`${envVarOf(service)}_PORT`)?.value).toBe(String(port));
      expect(container.ports?.map((p) => p.containerPort)).toEqual([port]);
      const k8sService = named<Service>('Service', service)!;
      expect(selects({ matchLabels: k8sService.spec.selector }, deployment.spec.template.metadata.labels)).toBe(true);
      expect(k8sService.spec.ports.map((p) => [p.port, portNumber(container, p.targetPort)])).toEqual([[port, port]]);
      // with every variable compose sets for it (values may differ: Kafka's TLS address, example URLs)
      expect([...Object.keys(composeEnv(service))].filter((name) => !env.has(name))).toEqual([]);
      expect(env.get('NODE_ENV')?.value).toBe('production');
    }
  });

  it('asks /health on the service’s port for readiness, and gives every container a liveness probe and resources', () => {
    for (const service of deployedServices) {
      // given
      const container = mainContainer(service);
      const port = SERVICE_PORTS[service as ServiceName];
      const liveness = container.livenessProbe?.httpGet ?? container.livenessProbe?.tcpSocket;
      // then
      expect(container.readinessProbe?.httpGet?.path).toBe('/health');
      expect(portNumber(container, container.readinessProbe?.httpGet?.port)).toBe(port);
      expect(portNumber(container, liveness?.port)).toBe(port);
    }
    for (const container of workloads.flatMap(containersOf)) {
      expect(container.resources?.requests?.cpu).toBeDefined();
      expect(container.resources?.requests?.memory).toBeDefined();
      expect(container.resources?.limits?.memory).toBeDefined();
    }
  });

  it('runs every pod as a non-root user on a read-only root filesystem, without privilege escalation, capabilities, service links or a service account token', () => {
    for (const workload of workloads) {
      // given
      const pod = workload.spec.template.spec;
      // then
      expect({ workload: workload.metadata.name, ...pod.securityContext }).toMatchObject({
        workload: workload.metadata.name,
        runAsNonRoot: true,
        runAsUser: expect.any(Number),
      });
      expect(pod.securityContext!.runAsUser).toBeGreaterThan(0);
      // Kubernetes would otherwise set MUNICIPALITY_PORT=tcp://… for the Service municipality: a service's own port setting.
      expect(pod.enableServiceLinks).toBe(false);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of containersOf(workload)) {
        expect({ container: container.name, ...container.securityContext }).toEqual({
          container: container.name,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('takes every secret from a Secret through secretKeyRef, never as a literal, and each Secret an operator creates is the one README.md lists', () => {
    // given
    const generatedByStrimzi = new Set(kafkaUsers.map((u) => `${u.metadata.name}/password`));
    const used = new Set<string>();
    for (const workload of workloads) {
      for (const container of containersOf(workload)) {
        // then: no Secret wholesale into the environment, nothing secret in a ConfigMap it reads
        expect((container.envFrom ?? []).filter((source) => source.secretRef)).toEqual([]);
        for (const [name, { value, secret }] of environmentOf(container)) {
          if (secret) used.add(`${secret.name}/${secret.key}`);
          if (SECRET_NAME.test(name)) expect({ name, value, secret: Boolean(secret) }).toEqual({ name, secret: true });
          const url = value?.includes('://') ? connectionUrl(value) : undefined;
          if (url?.password !== undefined) {
            // a password inside a URL is only ever a $(VAR) reference to a secretKeyRef defined before it
            expect({ name, secret: referencedSecret(container, url.password, name) }).toEqual({
              name,
              secret: expect.objectContaining({ name: expect.any(String) }),
            });
          }
        }
      }
      for (const volume of workload.spec.template.spec.volumes ?? [])
        if (volume.secret) expect(volume.secret.secretName).toBe(`${kafka!.metadata.name}-cluster-ca-cert`);
    }
    // then: what the operator must create is exactly what README.md tells them to
    const documented = new Set(documentedSecrets.flatMap((s) => s.keys.map((k) => `${s.name}/${k}`)));
    expect(documentedSecrets.length).toBeGreaterThan(0);
    expect([...used].filter((ref) => !generatedByStrimzi.has(ref)).sort()).toEqual([...documented].sort());
  });

  it('reads the organisation directory production requires from the ConfigMap README.md tells an operator to create', () => {
    // given
    const readme = readFileSync(join(k8sDir, 'README.md'), 'utf8');
    const needing = deployedServices.filter((s) => composeEnv(s).AUTH_ORGANISATION_DIRECTORY !== undefined);
    // then
    expect(needing.length).toBeGreaterThan(0);
    for (const service of needing) {
      const file = environmentOf(mainContainer(service)).get('AUTH_ORGANISATION_DIRECTORY')?.value ?? '';
      const volume = volumeHolding(service, file);
      expect({ service, configMap: volume?.configMap?.name, optional: volume?.configMap?.optional }).toEqual({
        service,
        configMap: expect.any(String),
      });
      expect(readme).toContain(`create configmap ${volume!.configMap!.name} --from-file=${file.split('/').pop()}=`);
    }
  });

  it('gives every Kafka-using service of the compose files its own SCRAM-SHA-512 KafkaUser, and its Deployment those credentials over TLS', () => {
    // given
    const listener = kafka!.spec.kafka.listeners[0]!;
    // then
    expect(kafkaUsers.map((u) => u.metadata.name).sort()).toEqual([...kafkaServices].sort());
    expect([...kafkaServices].sort()).toEqual(Object.keys(subscriptions).sort());
    for (const service of kafkaServices) {
      const user = named<KafkaUser>('KafkaUser', service)!;
      const env = environmentOf(mainContainer(service));
      const prodEnv = composeEnv(service);
      expect(user.metadata.labels?.['strimzi.io/cluster']).toBe(kafka!.metadata.name);
      expect(user.spec.authentication.type).toBe(prodEnv.KAFKA_SASL_MECHANISM);
      expect(user.spec.authorization.type).toBe('simple');
      expect(env.get('KAFKA_SASL_MECHANISM')?.value).toBe(prodEnv.KAFKA_SASL_MECHANISM);
      expect(env.get('KAFKA_SASL_USERNAME')?.value).toBe(prodEnv.KAFKA_SASL_USERNAME);
      expect(env.get('KAFKA_SASL_USERNAME')?.value).toBe(user.metadata.name);
      expect(env.get('KAFKA_SASL_PASSWORD')?.secret).toEqual({ name: user.metadata.name, key: 'password' });
      expect(env.get('KAFKA_BROKERS')?.value).toBe(`${kafka!.metadata.name}-kafka-bootstrap:${listener.port}`);
      expect(env.get('KAFKA_SSL')?.value).toBe(String(listener.tls));
      const caVolume = volumeHolding(service, env.get('KAFKA_SSL_CA_FILE')?.value ?? '');
      expect(caVolume?.secret?.secretName).toBe(`${kafka!.metadata.name}-cluster-ca-cert`);
    }
    for (const service of deployedServices.filter((s) => !kafkaServices.includes(s))) {
      const env = environmentOf(mainContainer(service));
      expect([...env.keys()].filter((name) => /^(KAFKA_|DATABASE_)/.test(name))).toEqual([]);
    }
  });

  it('lets each KafkaUser write only its own topic of contracts/topics.json (and the dead-letter topics of what it consumes), read only its subscriptions and use only its own groups: the ACLs of docker-compose.prod.yml', () => {
    for (const user of kafkaUsers) {
      // given
      const service = user.metadata.name;
      const acls = user.spec.authorization.acls;
      const own = topicsFile.topics.filter((t) => t.producer === service).map((t) => t.name);
      const consumed = subscriptions[service]!;
      const resource = (acl: Acl) => `${acl.resource.type}:${acl.resource.patternType}:${acl.resource.name}`;
      // then
      expect(own).toHaveLength(1);
      expect(
        acls
          .filter((a) => a.operations.includes('Write'))
          .map(resource)
          .sort(),
      ).toEqual([...own, ...consumed.map(dlqOf)].map((t) => `topic:literal:${t}`).sort());
      expect(
        acls
          .filter((a) => a.operations.includes('Read'))
          .map(resource)
          .sort(),
      ).toEqual([...consumed.map((t) => `topic:literal:${t}`), `group:prefix:${service}.`].sort());
      expect(acls.flatMap((a) => a.operations).every((op) => ['Read', 'Write', 'Describe'].includes(op))).toBe(true);
      expect(acls.every((a) => ['topic', 'group'].includes(a.resource.type) && !a.resource.name?.includes('*'))).toBe(
        true,
      );
      // the same grants the production compose file gives this user
      const asCompose = acls.map(
        (a) =>
          `${a.resource.type === 'group' && a.resource.patternType === 'prefix' ? 'group-prefixed' : a.resource.type} ${a.resource.name} ${[...a.operations].sort().join(',')}`,
      );
      const granted = composeGrants
        .filter((g) => g.principal === service)
        .map((g) => `${g.kind} ${g.name} ${[...g.operations].sort().join(',')}`);
      expect(granted.length).toBeGreaterThan(0);
      expect(asCompose.sort()).toEqual(granted.sort());
    }
  });

  it('has a KafkaTopic for every topic of contracts/topics.json and its dead-letter topic, with their partitions and retention, and no other', () => {
    // given
    const expected = topicsFile.topics.flatMap((t) => [
      { name: t.name, partitions: t.partitions, retentionMs: t.retentionMs },
      { name: dlqOf(t.name), partitions: topicsFile.dlq.partitions, retentionMs: topicsFile.dlq.retentionMs },
    ]);
    // when
    const declared = ofKind<KafkaTopic>('KafkaTopic').map((t) => ({
      name: t.spec.topicName ?? t.metadata.name,
      partitions: t.spec.partitions,
      retentionMs: Number(t.spec.config['retention.ms']),
    }));
    // then
    expect(declared.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      expected.sort((a, b) => a.name.localeCompare(b.name)),
    );
    for (const topic of ofKind('KafkaTopic'))
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(kafka!.metadata.name);
  });

  it('runs Kafka with TLS and SCRAM-SHA-512 on every listener, simple authorization without super users, no automatic topic creation, reachable only by the Kafka-using services', () => {
    // given
    const { listeners, authorization, config } = kafka!.spec.kafka;
    // then
    expect(ofKind('Kafka')).toHaveLength(1);
    expect(listeners.length).toBeGreaterThan(0);
    for (const listener of listeners) {
      expect(listener.tls).toBe(true);
      expect(listener.authentication?.type).toBe('scram-sha-512');
      const peers = listener.networkPolicyPeers ?? [];
      expect(peers.length).toBeGreaterThan(0);
      for (const deployment of deployments) {
        const admitted = peers.some((p) => selects(p.podSelector, deployment.spec.template.metadata.labels));
        expect({ deployment: deployment.metadata.name, admitted }).toEqual({
          deployment: deployment.metadata.name,
          admitted: kafkaServices.includes(deployment.metadata.name),
        });
      }
    }
    expect(authorization?.type).toBe('simple');
    expect(authorization?.superUsers ?? []).toEqual([]);
    expect(config?.['auto.create.topics.enable']).toBe(false);
  });

  it('creates per chain service the owner and the app role and the database exactly as infra/docker/postgres-init does, with each service’s passwords from its Secret', () => {
    // given: the Job's script, from the ConfigMap kustomization.yaml generates
    expect(rolesJob).toBeDefined();
    const generator = kustomization.configMapGenerator!.find((g) =>
      rolesJob!.spec.template.spec.volumes!.some((v) => v.configMap?.name === g.name),
    )!;
    const script = generator.files.map((file) => readFileSync(join(k8sDir, file), 'utf8')).join('\n');
    const job = rolesJob!.spec.template.spec.containers[0]!;
    const jobEnv = environmentOf(job);
    const servicesOf = (text: string) => /for service in ([a-z_ ]+); do/.exec(text)![1]!.trim().split(' ').sort();
    const attributes = /CREATE ROLE :"owner" ([A-Z ]+) PASSWORD/.exec(postgresInit)![1]!;
    // then: the same services, role names, attributes, database owner and grants as postgres-init
    expect(job.command?.join(' ')).toContain(generator.files[0]!.split('/').pop());
    expect(servicesOf(script)).toEqual(chainServices.map((s) => s.replace(/-/g, '_')).sort());
    expect(servicesOf(script)).toEqual(servicesOf(postgresInit));
    for (const variable of [
      'db="ketenpad_${service}"',
      'owner="ketenpad_${service}_owner"',
      'app="ketenpad_${service}_app"',
    ])
      expect({ variable, inInit: postgresInit.includes(variable), inJob: script.includes(variable) }).toEqual({
        variable,
        inInit: true,
        inJob: true,
      });
    for (const role of ['owner', 'app']) {
      expect(script).toContain(`format('CREATE ROLE %I ${attributes}', :'${role}')`);
      expect(script).toContain(`ALTER ROLE :"${role}" ${attributes} PASSWORD :'${role}_password';`);
    }
    expect(script).toContain(`format('CREATE DATABASE %I OWNER %I', :'db', :'owner')`);
    expect(postgresInit).toContain('REVOKE ALL ON DATABASE :"db" FROM PUBLIC;');
    expect(script).toContain('REVOKE ALL ON DATABASE :"db" FROM PUBLIC;');
    expect(postgresInit).toContain('GRANT CONNECT ON DATABASE :"db" TO :"app";');
    expect(script).toContain('GRANT CONNECT ON DATABASE :"db" TO :"app";');
    expect(script).not.toMatch(/(?<!NO)SUPERUSER|(?<!NO)CREATEROLE|(?<!NO)CREATEDB/);

    // and each service connects as exactly those roles, with the passwords the Job gave them
    const passwordRefs = new Set<string>();
    for (const service of chainServices) {
      const container = mainContainer(service);
      const env = environmentOf(container);
      const role = service.replace(/-/g, '_');
      for (const [variable, kind] of [
        ['DATABASE_URL', 'APP'],
        ['DATABASE_MIGRATION_URL', 'OWNER'],
      ] as const) {
        const url = connectionUrl(env.get(variable)?.value ?? '');
        const composed = new URL(composeEnv(service)[variable]!);
        const secret = referencedSecret(container, url?.password, variable);
        expect({ variable, user: url?.user, database: url?.database }).toEqual({
          variable,
          user: composed.username,
          database: composed.pathname.slice(1),
        });
        expect(url?.user).toBe(`ketenpad_${role}_${kind.toLowerCase()}`);
        expect(secret).toBeDefined();
        expect(jobEnv.get(`${role.toUpperCase()}_DB_${kind}_PASSWORD`)?.secret).toEqual(secret);
        passwordRefs.add(`${secret!.name}/${secret!.key}`);
        // the host is the PostgreSQL Service
        expect(named<Service>('Service', url!.host)?.spec.ports.map((p) => p.port)).toContain(url!.port);
      }
    }
    // a password pair per service: no service knows another's
    expect(passwordRefs.size).toBe(chainServices.length * 2);
    // the Job signs in as the superuser the PostgreSQL server was initialised with
    const postgres = ofKind<Workload>('StatefulSet').find((s) => s.metadata.name === jobEnv.get('PGHOST')?.value)!;
    const serverEnv = environmentOf(postgres.spec.template.spec.containers[0]!);
    expect(jobEnv.get('PGUSER')?.value).toBe(serverEnv.get('POSTGRES_USER')?.value);
    expect(jobEnv.get('PGPASSWORD')?.secret).toEqual(serverEnv.get('POSTGRES_PASSWORD')?.secret);
  });

  it('denies ingress by default: a chain service only from the portal (and from the municipality, for the access log), only the portal and the partner gateway’s public API from anywhere', () => {
    // given
    const ingressRulesFor = (labels: Labels) =>
      networkPolicies
        .filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, labels))
        .flatMap((p) => p.spec.ingress ?? []);
    const accessLogSources = (composeEnv('municipality').ACCESS_LOG_SOURCES ?? '')
      .split(',')
      .map((source) => new URL(source.split('=')[1]!).hostname);
    const upstreams = Object.entries(composeEnv('portal'))
      .filter(([k]) => k.startsWith('PORTAL_UPSTREAM_'))
      .map(([, url]) => new URL(url).hostname);
    const publicServices = ['portal', 'partner-gateway'];
    // then: one policy selects every pod and admits nothing
    expect(
      networkPolicies.filter(
        (p) =>
          Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0 &&
          p.spec.policyTypes.includes('Ingress') &&
          (p.spec.ingress ?? []).length === 0,
      ),
    ).toHaveLength(1);
    expect(networkPolicies.every((p) => p.spec.podSelector.matchExpressions === undefined)).toBe(true);
    for (const service of deployedServices) {
      const container = mainContainer(service);
      const rules = ingressRulesFor(named<Workload>('Deployment', service)!.spec.template.metadata.labels);
      const allowed = [
        ...(upstreams.includes(service) ? ['portal'] : []),
        ...(accessLogSources.includes(service) ? ['municipality'] : []),
      ];
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        expect((rule.ports ?? []).map((p) => portNumber(container, p.port))).toEqual([
          SERVICE_PORTS[service as ServiceName],
        ]);
        if (publicServices.includes(service)) continue;
        const peers = rule.from ?? [];
        expect({ service, peers: peers.length > 0 }).toEqual({ service, peers: true });
        for (const peer of peers) {
          expect({ service, namespaceSelector: peer.namespaceSelector, ipBlock: peer.ipBlock }).toEqual({ service });
          const from = deployments.filter((d) => selects(peer.podSelector, d.spec.template.metadata.labels));
          expect(from.length).toBeGreaterThan(0);
          expect(from.map((d) => d.metadata.name).filter((name) => !allowed.includes(name))).toEqual([]);
        }
      }
    }
    // PostgreSQL: only the chain services and the roles Job
    const postgresLabels = ofKind<Workload>('StatefulSet')[0]!.spec.template.metadata.labels;
    const clients = workloads.filter((w) =>
      ingressRulesFor(postgresLabels).some((rule) =>
        (rule.from ?? []).some((peer) => selects(peer.podSelector, w.spec.template.metadata.labels)),
      ),
    );
    expect(ingressRulesFor(postgresLabels).every((rule) => (rule.from ?? []).length > 0)).toBe(true);
    expect(clients.map((w) => w.metadata.name).sort()).toEqual([...chainServices, rolesJob!.metadata.name].sort());
  });

  it('lets the chain services reach Kafka’s listener and PostgreSQL, and the portal neither', () => {
    // given
    const egressPortsTo = (labels: Labels, target: Labels) =>
      networkPolicies
        .filter((p) => p.spec.policyTypes.includes('Egress') && selects(p.spec.podSelector, labels))
        .flatMap((p) => p.spec.egress ?? [])
        .filter((rule) => (rule.to ?? []).some((peer) => peer.podSelector && selects(peer.podSelector, target)))
        .flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
    const broker = { 'strimzi.io/cluster': kafka!.metadata.name, 'strimzi.io/kind': 'Kafka' };
    const postgres = ofKind<Workload>('StatefulSet')[0]!.spec.template.metadata.labels;
    const listenerPort = kafka!.spec.kafka.listeners[0]!.port;
    // then
    for (const service of chainServices) {
      const labels = named<Workload>('Deployment', service)!.spec.template.metadata.labels;
      expect({ service, kafka: egressPortsTo(labels, broker) }).toEqual({ service, kafka: [listenerPort] });
      expect({ service, postgres: egressPortsTo(labels, postgres) }).toEqual({ service, postgres: [5432] });
    }
    const portal = named<Workload>('Deployment', 'portal')!.spec.template.metadata.labels;
    expect(egressPortsTo(portal, broker)).toEqual([]);
    expect(egressPortsTo(portal, postgres)).toEqual([]);
    expect(
      networkPolicies.some((p) => p.spec.policyTypes.includes('Egress') && selects(p.spec.podSelector, portal)),
    ).toBe(true);
  });
});
