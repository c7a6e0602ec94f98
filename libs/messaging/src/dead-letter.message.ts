import type { IncomingMessage, OutgoingMessage } from './message-bus.port';

/** Headers a dead-lettered message carries besides its original ones. */
export const DLQ_HEADERS = {
  /** Topic the message was consumed from. */
  originTopic: 'dlq-origin-topic',
  /** Partition the message was consumed from. */
  originPartition: 'dlq-origin-partition',
  /** Offset of the message in its origin partition. */
  originOffset: 'dlq-origin-offset',
  /** Message of the last error (truncated; never the payload). */
  error: 'dlq-error',
  /** How many times the handler was attempted. */
  attempts: 'dlq-attempts',
  /** Name of the consumer that gave up. */
  consumer: 'dlq-consumer',
  /** Why, as a category: see {@link DeadLetterKind}. */
  reason: 'dlq-reason',
} as const;

/**
 * Why a message was given up on: `undecodable` (not a valid catalogue event), `provenance` (a
 * valid event that the topic's producer may not publish: another producer's type or another
 * organisation kind's source; never retried) or `failed` (its handler kept failing).
 */
export type DeadLetterKind = 'undecodable' | 'provenance' | 'failed';

const MAX_ERROR_LENGTH = 300;

/** The dead-letter topic of a topic: `<topic>.dlq`, provisioned with it. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** What went wrong with a message that is given up on. */
export interface DeadLetterReason {
  readonly error: unknown;
  readonly attempts: number;
  readonly consumer: string;
  /** Category of the reason; the `dlq-reason` header is left out when not given. */
  readonly kind?: DeadLetterKind;
}

/** The message to publish to `<topic>.dlq`: original key, value and headers plus the origin headers. */
export function toDeadLetter(message: IncomingMessage, reason: DeadLetterReason): OutgoingMessage {
  return {
    topic: deadLetterTopic(message.topic),
    key: message.key,
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      [DLQ_HEADERS.originTopic]: message.topic,
      [DLQ_HEADERS.originPartition]: String(message.partition),
      [DLQ_HEADERS.originOffset]: message.offset,
      [DLQ_HEADERS.error]: errorMessage(reason.error).slice(0, MAX_ERROR_LENGTH),
      [DLQ_HEADERS.attempts]: String(reason.attempts),
      [DLQ_HEADERS.consumer]: reason.consumer,
      ...(reason.kind === undefined ? {} : { [DLQ_HEADERS.reason]: reason.kind }),
    },
  };
}

/** The error's message only: stacks and causes may quote the payload. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : 'unknown error';
}
