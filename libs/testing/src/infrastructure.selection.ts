import { existsSync } from 'node:fs';

/** Where integration tests get Kafka from. */
export type KafkaSource =
  /** `KAFKA_BROKERS` is set: a real Kafka or a running `npm start`; start nothing. */
  | 'external'
  /** Docker is available and `KETENPAD_TESTCONTAINERS=1`: a Kafka container. */
  | 'testcontainers'
  /** Default on these machines: the librdkafka mock cluster from infra/dev-broker. */
  | 'dev-broker';

/** Where integration tests get PostgreSQL from. */
export type DatabaseSource =
  /** `DATABASE_URL` is set, or no container was asked for: the server at that URL (default local). */
  | 'server'
  /** Docker is available and `KETENPAD_TESTCONTAINERS=1`: a PostgreSQL container. */
  | 'testcontainers';

export interface SelectionInput {
  readonly env: NodeJS.ProcessEnv;
  readonly dockerAvailable: boolean;
}

export const DOCKER_SOCKET = '/var/run/docker.sock';

export function isDockerAvailable(socket: string = DOCKER_SOCKET): boolean {
  return existsSync(socket);
}

function containersWanted({ env, dockerAvailable }: SelectionInput): boolean {
  return dockerAvailable && env.KETENPAD_TESTCONTAINERS === '1';
}

export function selectKafkaSource(input: SelectionInput): KafkaSource {
  if (input.env.KAFKA_BROKERS?.trim()) return 'external';
  return containersWanted(input) ? 'testcontainers' : 'dev-broker';
}

export function selectDatabaseSource(input: SelectionInput): DatabaseSource {
  if (input.env.DATABASE_URL?.trim()) return 'server';
  return containersWanted(input) ? 'testcontainers' : 'server';
}

export function currentSelection(): SelectionInput {
  return { env: process.env, dockerAvailable: isDockerAvailable() };
}
