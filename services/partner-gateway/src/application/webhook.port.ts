/** Why an attempt failed, as the delivery log and the subscription-failing event name it (never a response body). */
export type DeliveryErrorKind = 'http-status' | 'timeout' | 'connection-refused' | 'network' | 'tls';

/** The answer of one webhook call. */
export interface WebhookResult {
  /** 2xx: the partner took the notification. */
  readonly ok: boolean;
  /** HTTP status, when the partner answered at all. */
  readonly statusCode?: number;
  readonly error?: DeliveryErrorKind;
  readonly latencyMs: number;
}

/** A webhook message: the signed JSON body and its headers. */
export interface WebhookMessage {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The partner's endpoint, as a port: the HTTP client in production, and the
 * process edge tests put real loopback receivers behind.
 */
export abstract class WebhookTransport {
  /** POSTs the message; never throws for a partner's failure, which is a result. */
  abstract post(message: WebhookMessage, timeoutMs: number): Promise<WebhookResult>;
  /**
   * The CloudEvents webhook validation handshake (CloudEvents HTTP webhook spec §4.1):
   * OPTIONS with `WebHook-Request-Origin`; the endpoint agrees by answering 2xx with
   * `WebHook-Allowed-Origin` equal to the origin or `*`.
   */
  abstract handshake(url: string, origin: string, timeoutMs: number): Promise<boolean>;
}
