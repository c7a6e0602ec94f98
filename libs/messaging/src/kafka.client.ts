import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type LogEntry, type RetryOptions, type SASLMechanism, type SASLOptions } from 'kafkajs';
import { ConfigError, type JsonLogger } from '@ketenpad/runtime';

/**
 * Retries for broker outages: 300 ms doubling up to 5 s between attempts, 16
 * attempts, i.e. about a minute of retrying before an operation gives up. A
 * broker restart or a 10 s outage of the dev broker is absorbed without errors
 * reaching the caller; callers (relay, consumer) add their own backoff on top.
 */
export const BROKER_OUTAGE_RETRY: Readonly<RetryOptions> = {
  initialRetryTime: 300,
  maxRetryTime: 5_000,
  multiplier: 2,
  factor: 0.2,
  retries: 16,
};

/** How to reach the brokers. */
export interface KafkaClientOptions {
  /**
   * Explicit, stable client id, e.g. `municipality.outbox-relay`. Set it
   * yourself: Nest's implicit `-client`/`-server` suffixes make ids unstable.
   */
  readonly clientId: string;
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** Where kafkajs logs go: the service's one logger. */
  readonly logger: JsonLogger;
  /** Override the retry policy (tests of failure paths); defaults to {@link BROKER_OUTAGE_RETRY}. */
  readonly retry?: RetryOptions;
  /** Credentials and TLS; defaults to {@link kafkaSecurityFromEnv} of `process.env` (none when nothing is set). */
  readonly security?: KafkaSecurity;
}

/** How a client authenticates to the brokers (SASL) and protects the connection (TLS). */
export interface KafkaSecurity {
  /** SASL credentials of this service's own Kafka user; absent for an unauthenticated (dev) broker. */
  readonly sasl?: SASLOptions;
  /** TLS: `true` for the system CAs, options for a private CA and/or a client certificate (mTLS); absent for plaintext. */
  readonly ssl?: true | ConnectionOptions;
}

const SASL_MECHANISMS: readonly SASLMechanism[] = ['scram-sha-256', 'scram-sha-512', 'plain'];

/**
 * Reads the client's credentials and TLS settings; throws one {@link ConfigError} listing every problem.
 *
 * - `KAFKA_SASL_MECHANISM`: `scram-sha-256`, `scram-sha-512` or `plain` (plain only with TLS, it sends the password);
 *   with `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD` (or `KAFKA_SASL_PASSWORD_FILE`, a mounted secret).
 * - `KAFKA_SSL`: `true` for TLS with the system CAs; `KAFKA_SSL_CA_FILE` (PEM) trusts a private CA;
 *   `KAFKA_SSL_CERT_FILE` with `KAFKA_SSL_KEY_FILE` (PEM) presents a client certificate (mTLS).
 *   Any of these files turns TLS on; the broker's certificate is always verified.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const file = (name: string): Buffer | undefined => {
    const path = text(name);
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      problems.push(`${name} cannot be read: ${(error as Error).message}`);
      return undefined;
    }
  };

  const sslSetting = text('KAFKA_SSL')?.toLowerCase();
  if (sslSetting !== undefined && sslSetting !== 'true' && sslSetting !== 'false') {
    problems.push(`KAFKA_SSL must be true or false, got "${env.KAFKA_SSL}"`);
  }
  const ca = file('KAFKA_SSL_CA_FILE');
  const cert = file('KAFKA_SSL_CERT_FILE');
  const key = file('KAFKA_SSL_KEY_FILE');
  const anyFile = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'].filter((n) => text(n));
  if (sslSetting === 'false' && anyFile.length > 0) {
    problems.push(`KAFKA_SSL is false but ${anyFile.join(', ')} ${anyFile.length > 1 ? 'are' : 'is'} set`);
  }
  if (Boolean(text('KAFKA_SSL_CERT_FILE')) !== Boolean(text('KAFKA_SSL_KEY_FILE'))) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)');
  }
  const tlsOn = sslSetting === 'true' || (sslSetting !== 'false' && anyFile.length > 0);
  const tlsOptions: ConnectionOptions = {
    rejectUnauthorized: true,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
  };
  const ssl: KafkaSecurity['ssl'] = !tlsOn ? undefined : ca || cert || key ? tlsOptions : true;

  const mechanism = text('KAFKA_SASL_MECHANISM')?.toLowerCase();
  const username = text('KAFKA_SASL_USERNAME');
  let password = env.KAFKA_SASL_PASSWORD ? env.KAFKA_SASL_PASSWORD : undefined;
  const passwordFile = text('KAFKA_SASL_PASSWORD_FILE');
  if (password !== undefined && passwordFile) {
    problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: set one of them');
  } else if (passwordFile) {
    password = file('KAFKA_SASL_PASSWORD_FILE')?.toString('utf8').replace(/\r?\n$/, '');
  }
  let sasl: SASLOptions | undefined;
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined) {
      problems.push(`KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set without KAFKA_SASL_MECHANISM (${SASL_MECHANISMS.join(', ')})`);
    }
  } else if (!SASL_MECHANISMS.includes(mechanism as SASLMechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}, got "${env.KAFKA_SASL_MECHANISM}"`);
  } else {
    if (username === undefined) problems.push(`KAFKA_SASL_MECHANISM ${mechanism} needs KAFKA_SASL_USERNAME`);
    if (!password) problems.push(`KAFKA_SASL_MECHANISM ${mechanism} needs KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE`);
    if (mechanism === 'plain' && !tlsOn) {
      problems.push('KAFKA_SASL_MECHANISM plain sends the password in the clear: use it only with KAFKA_SSL=true');
    }
    if (username !== undefined && password) {
      sasl = { mechanism: mechanism as SASLMechanism, username, password } as SASLOptions;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...(sasl ? { sasl } : {}), ...(ssl ? { ssl } : {}) };
}

/**
 * What answers on the bootstrap address: the dev broker (librdkafka's mock
 * cluster, see infra/dev-broker) or a real Kafka. They differ where latency is
 * concerned: the mock does not answer a waiting fetch early when data arrives.
 */
export type BrokerKind = 'dev-broker' | 'kafka';

/** librdkafka's mock cluster reports the cluster id `mockCluster<hex>` (rdkafka_mock.c). */
export function brokerKindOf(clusterId: string | null | undefined): BrokerKind {
  return clusterId?.startsWith('mockCluster') ? 'dev-broker' : 'kafka';
}

const detected = new WeakMap<Kafka, Promise<BrokerKind>>();

/**
 * Asks the cluster for its id once per client (one metadata request on a
 * short-lived admin connection). When the cluster cannot be asked, it is taken
 * for a real Kafka: the defaults for that kind are the safe ones.
 */
export function detectBrokerKind(kafka: Kafka): Promise<BrokerKind> {
  let kind = detected.get(kafka);
  if (!kind) {
    kind = describeClusterId(kafka).then(brokerKindOf, () => 'kafka' as const);
    detected.set(kafka, kind);
  }
  return kind;
}

async function describeClusterId(kafka: Kafka): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).clusterId;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates a kafkajs client whose logs go to the JSON logger, authenticating as the service's own
 * Kafka user when `KAFKA_SASL_*` / `KAFKA_SSL_*` are set (see {@link kafkaSecurityFromEnv}).
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const logger = options.logger.child('kafkajs');
  const security = options.security ?? kafkaSecurityFromEnv();
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(security.ssl ? { ssl: security.ssl } : {}),
    ...(security.sasl ? { sasl: security.sasl } : {}),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { ...BROKER_OUTAGE_RETRY, ...options.retry },
    logLevel: logLevel.INFO,
    logCreator: () => (entry: LogEntry) => routeLog(logger, entry),
  });
}

function routeLog(logger: JsonLogger, { namespace, level, log }: LogEntry): void {
  // kafkajs never puts message payloads in its log entries; pass its fields on.
  const { message, timestamp: _timestamp, logger: _name, ...fields } = log as LogEntry['log'] & { logger?: string };
  const line = { ...fields, kafkaNamespace: namespace };
  if (level === logLevel.ERROR) logger.error(message, line);
  else if (level === logLevel.WARN) logger.warn(message, line);
  else if (level === logLevel.INFO) logger.info(message, line);
  else logger.debug(message, line);
}
