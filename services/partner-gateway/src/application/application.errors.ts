import type { FieldError } from '@ketenpad/runtime';

/** An unknown subscription, or one of another partner: the same answer, so ids cannot be probed. */
export class SubscriptionNotFound extends Error {
  override readonly name = 'SubscriptionNotFound';
  constructor() {
    super('subscription not found');
  }
}

/** A notification the caller may not read, or that does not exist. */
export class NotificationNotFound extends Error {
  override readonly name = 'NotificationNotFound';
  constructor() {
    super('notification not found');
  }
}

/**
 * A pathway whose access log the caller may not read: unknown to the gateway,
 * or one another municipality is responsible for. The same answer, so
 * pathway ids cannot be probed.
 */
export class PathwayNotFound extends Error {
  override readonly name = 'PathwayNotFound';
  constructor() {
    super('pathway not found');
  }
}

/** Input that is well-formed but not acceptable (an http callback in production, a failed handshake). */
export class SubscriptionInputRejected extends Error {
  override readonly name = 'SubscriptionInputRejected';
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((e) => e.messages.join('; ')).join('; '));
  }
}
