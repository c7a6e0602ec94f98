import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import {
  WebhookTransport,
  type DeliveryErrorKind,
  type WebhookMessage,
  type WebhookResult,
} from '../../application/webhook.port';
import { CallbackAddressRefused, type CallbackAddressGuard } from './callback-address.guard';

const USER_AGENT = 'Ketenpad-Partner-Gateway/1.0';

/**
 * Webhook calls over node's HTTP client with keep-alive connections (one pool
 * per origin). A call has one overall time limit; the response body is read
 * and thrown away, never stored: it could hold anything. With a guard, every
 * connection (handshake and delivery) goes only to addresses the callback
 * address rule allows, checked on the address actually connected to.
 */
export class HttpWebhookTransport extends WebhookTransport {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(private readonly guard?: CallbackAddressGuard) {
    super();
    const lookup = guard?.lookup;
    this.httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64, ...(lookup ? { lookup } : {}) });
    this.httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64, ...(lookup ? { lookup } : {}) });
  }

  async post(message: WebhookMessage, timeoutMs: number): Promise<WebhookResult> {
    const started = performance.now();
    const body = Buffer.from(message.body, 'utf8');
    try {
      const response = await this.call(
        message.url,
        'POST',
        {
          ...message.headers,
          'content-type': 'application/cloudevents+json; charset=utf-8',
          'content-length': String(body.length),
        },
        body,
        timeoutMs,
      );
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        ok,
        statusCode: response.statusCode,
        ...(ok ? {} : { error: 'http-status' as const }),
        latencyMs: elapsed(started),
      };
    } catch (error: unknown) {
      return { ok: false, error: errorKind(error), latencyMs: elapsed(started) };
    }
  }

  async handshake(url: string, origin: string, timeoutMs: number): Promise<boolean> {
    try {
      const response = await this.call(url, 'OPTIONS', { 'webhook-request-origin': origin }, undefined, timeoutMs);
      const allowed = response.headers['webhook-allowed-origin'];
      return response.statusCode >= 200 && response.statusCode < 300 && (allowed === '*' || allowed === origin);
    } catch {
      return false;
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private call(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    timeoutMs: number,
  ): Promise<{ statusCode: number; headers: IncomingMessage['headers'] }> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      // A host written as an IP address is connected to without a lookup: check it here.
      this.guard?.assertLiteral(target);
      const request = (secure ? httpsRequest : httpRequest)(
        target,
        { method, headers: { ...headers, 'user-agent': USER_AGENT }, agent: secure ? this.httpsAgent : this.httpAgent },
        (response) => {
          response.resume();
          response.once('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers }));
          response.once('error', reject);
        },
      );
      const timer = setTimeout(() => request.destroy(new TimeoutError()), timeoutMs);
      request.once('close', () => clearTimeout(timer));
      request.once('error', reject);
      request.end(body);
    });
  }
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

function elapsed(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

function errorKind(error: unknown): DeliveryErrorKind {
  if (error instanceof TimeoutError) return 'timeout';
  // A refused address is a connection that cannot be made (the subscription-failing contract names no other kind).
  if (error instanceof CallbackAddressRefused) return 'network';
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('CERT_') ||
    code.includes('SSL') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  )
    return 'tls';
  return 'network';
}
