/** One mock broker as reported by `GET /status`. */
export interface DevBrokerBrokerStatus {
  /** Broker id (1..n). */
  readonly id: number;
  /** false while the broker is taken down through the control endpoint. */
  readonly up: boolean;
  /** Simulated round-trip delay in milliseconds. */
  readonly rttMs: number;
}

/** Body of `GET /status`. */
export interface DevBrokerStatus {
  /** Comma-separated bootstrap list for Kafka clients. */
  readonly bootstrap: string;
  readonly brokers: readonly DevBrokerBrokerStatus[];
  readonly topics: readonly { readonly name: string; readonly partitions: number }[];
  /** Address the control server is bound to; always loopback. */
  readonly control: { readonly address: string; readonly port: number };
}

/** Error body the control server sends with 4xx/5xx. */
interface ControlErrorBody {
  readonly error?: string;
}

/**
 * Typed client for the dev broker's loopback control endpoint; used by
 * integration tests and benchmarks to inject broker faults.
 */
export class DevBrokerControl {
  constructor(
    /** e.g. `http://127.0.0.1:45123` */
    readonly baseUrl: string,
  ) {}

  status(): Promise<DevBrokerStatus> {
    return this.request<DevBrokerStatus>('GET', '/status');
  }

  /** Closes the broker's connections and refuses new ones until {@link brokerUp}. */
  async brokerDown(id = 1): Promise<void> {
    await this.request('POST', `/brokers/${id}/down`);
  }

  async brokerUp(id = 1): Promise<void> {
    await this.request('POST', `/brokers/${id}/up`);
  }

  /** Adds `ms` of latency to every response of broker `id`; 0 removes it. */
  async setRoundTripDelay(ms: number, id = 1): Promise<void> {
    await this.request('POST', `/brokers/${id}/rtt`, { ms });
  }

  /**
   * Makes the next `errorCodes.length` requests with this ApiKey fail with
   * these codes, in order (see `KafkaApiKey`, `KafkaErrorCode`).
   */
  async pushRequestErrors(apiKey: number, errorCodes: readonly number[]): Promise<void> {
    await this.request('POST', '/errors', { apiKey, errors: errorCodes });
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    // The server accepts mutations only as JSON (finding 11 of issue 12): every POST carries a JSON body.
    const json = method === 'POST' ? JSON.stringify(body ?? {}) : undefined;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: json === undefined ? undefined : { 'content-type': 'application/json' },
      body: json,
    });
    const payload = (await response.json()) as T & ControlErrorBody;
    if (!response.ok) throw new Error(`dev broker control ${method} ${path} failed with ${response.status}: ${payload.error ?? 'no reason given'}`);
    return payload;
  }
}
