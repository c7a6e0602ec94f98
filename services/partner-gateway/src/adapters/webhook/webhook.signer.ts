import { createHmac } from 'node:crypto';
import { signingKeyOf } from '../persistence/secret.cipher';

/** The three Standard Webhooks headers of one message. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a webhook per the Standard Webhooks specification
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * HMAC-SHA256 keyed with the base64-decoded secret over `${id}.${timestamp}.${body}`,
 * sent as `v1,<base64>`; the timestamp is whole seconds since the epoch.
 * The id stays the same on every retry of one delivery, so receivers can dedupe.
 */
export function signWebhook(secret: string, messageId: string, at: Date, body: string): WebhookSignatureHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac('sha256', signingKeyOf(secret))
    .update(`${messageId}.${timestamp}.${body}`, 'utf8')
    .digest('base64');
  return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
