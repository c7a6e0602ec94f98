import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER } from '@ketenpad/runtime';

/** The services the demo talks to, by their public HTTP APIs only. */
export const DEMO_SERVICES = ['municipality', 'social-work', 'court-liaison', 'gp', 'timeline'] as const;
export type DemoService = (typeof DEMO_SERVICES)[number];

/** A call that did not get the expected answer: what was asked and what came back. */
export class DemoStepError extends Error {
  constructor(
    message: string,
    readonly request?: string,
    readonly response?: string,
  ) {
    super(message);
  }
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/**
 * A thin JSON client per service and bearer token. Non-2xx answers become a
 * DemoStepError naming the request and the response, so a failed demo step
 * tells the reader exactly which call the service refused.
 */
export class ChainClient {
  constructor(
    private readonly baseUrls: Readonly<Record<DemoService, string>>,
    private readonly requestTimeoutMs = 15_000,
  ) {}

  urlOf(service: DemoService): string {
    return this.baseUrls[service];
  }

  async post<T>(service: DemoService, token: string, path: string, body: unknown = {}): Promise<T> {
    const answer = await this.send<T>('POST', service, token, path, body);
    if (answer.status < 200 || answer.status >= 300) throw this.failure('POST', service, path, body, answer);
    return answer.body;
  }

  async put<T>(service: DemoService, token: string, path: string, body: unknown): Promise<T> {
    const answer = await this.send<T>('PUT', service, token, path, body);
    if (answer.status < 200 || answer.status >= 300) throw this.failure('PUT', service, path, body, answer);
    return answer.body;
  }

  async get<T>(service: DemoService, token: string, path: string): Promise<T> {
    const answer = await this.send<T>('GET', service, token, path);
    if (answer.status < 200 || answer.status >= 300) throw this.failure('GET', service, path, undefined, answer);
    return answer.body;
  }

  /** A GET that answers `undefined` on 404 (e.g. a reaction that has not happened yet). */
  async find<T>(service: DemoService, token: string, path: string): Promise<T | undefined> {
    const answer = await this.send<T>('GET', service, token, path);
    if (answer.status === 404) return undefined;
    if (answer.status < 200 || answer.status >= 300) throw this.failure('GET', service, path, undefined, answer);
    return answer.body;
  }

  /** GET /health without a token; false when the service does not answer 200. */
  async healthy(service: DemoService): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrls[service]}/health`, { signal: AbortSignal.timeout(5_000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  private async send<T>(method: string, service: DemoService, token: string, path: string, body?: unknown): Promise<HttpAnswer<T>> {
    const url = `${this.baseUrls[service]}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          [CORRELATION_HEADER]: randomUUID(),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch (error) {
      throw new DemoStepError(`${method} ${url} did not answer: ${(error as Error).message}`, describe(method, url, body));
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text for the error report.
    }
    return { status: response.status, body: parsed as T };
  }

  private failure(method: string, service: DemoService, path: string, body: unknown, answer: HttpAnswer<unknown>): DemoStepError {
    const url = `${this.baseUrls[service]}${path}`;
    const responseText = `${answer.status} ${typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)}`;
    return new DemoStepError(`${method} ${url} answered ${responseText}`, describe(method, url, body), responseText);
  }
}

function describe(method: string, url: string, body: unknown): string {
  return body === undefined ? `${method} ${url}` : `${method} ${url} ${JSON.stringify(body)}`;
}

/**
 * Polls `probe` until it returns a value (not undefined), or fails with a
 * clear message after `timeoutMs`: cross-service reactions travel over Kafka,
 * so the demo waits for them through the APIs instead of sleeping blindly.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new DemoStepError(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs * 1.5, 1_000)));
    intervalMs = Math.min(intervalMs * 1.5, 1_000);
  }
}
