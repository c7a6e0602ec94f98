import koffi from 'koffi';

/** Opaque native pointer handed out by librdkafka; only ever passed back to it. */
type NativeHandle = object;

interface RdKafkaNative {
  confNew(): NativeHandle;
  confSet(conf: NativeHandle, name: string, value: string, errstr: Buffer, size: number): number;
  kafkaNew(type: number, conf: NativeHandle, errstr: Buffer, size: number): NativeHandle | null;
  kafkaDestroy(rk: NativeHandle): void;
  clusterNew(rk: NativeHandle, brokers: number): NativeHandle | null;
  clusterDestroy(mc: NativeHandle): void;
  clusterBootstraps(mc: NativeHandle): string;
  topicCreate(mc: NativeHandle, topic: string, partitions: number, replicationFactor: number): number;
  brokerSetDown(mc: NativeHandle, brokerId: number): number;
  brokerSetUp(mc: NativeHandle, brokerId: number): number;
  brokerSetRtt(mc: NativeHandle, brokerId: number, rttMs: number): number;
  pushRequestErrorsArray(mc: NativeHandle, apiKey: number, count: number, errors: Int32Array): void;
  clearRequestErrors(mc: NativeHandle, apiKey: number): void;
  errorName(code: number): string;
}

// Debian's librdkafka1 (2.0.2) is the only Kafka implementation on dev machines;
// its mock cluster is part of the public C API (rdkafka_mock.h).
const LIBRARY = process.env.DEV_BROKER_LIBRDKAFKA ?? 'librdkafka.so.1';
const RD_KAFKA_PRODUCER = 0;
const RD_KAFKA_RESP_ERR_NO_ERROR = 0;

let native: RdKafkaNative | undefined;

function loadNative(): RdKafkaNative {
  if (native) return native;
  const lib = koffi.load(LIBRARY);
  // koffi returns untyped callables; every signature is pinned here, once.
  const fn = <T>(signature: string): T => lib.func(signature) as T;
  native = {
    confNew: fn('void* rd_kafka_conf_new()'),
    confSet: fn('int rd_kafka_conf_set(void*, str, str, _Out_ uint8_t*, size_t)'),
    kafkaNew: fn('void* rd_kafka_new(int, void*, _Out_ uint8_t*, size_t)'),
    kafkaDestroy: fn('void rd_kafka_destroy(void*)'),
    clusterNew: fn('void* rd_kafka_mock_cluster_new(void*, int)'),
    clusterDestroy: fn('void rd_kafka_mock_cluster_destroy(void*)'),
    clusterBootstraps: fn('str rd_kafka_mock_cluster_bootstraps(void*)'),
    topicCreate: fn('int rd_kafka_mock_topic_create(void*, str, int, int)'),
    brokerSetDown: fn('int rd_kafka_mock_broker_set_down(void*, int32_t)'),
    brokerSetUp: fn('int rd_kafka_mock_broker_set_up(void*, int32_t)'),
    brokerSetRtt: fn('int rd_kafka_mock_broker_set_rtt(void*, int32_t, int)'),
    pushRequestErrorsArray: fn('void rd_kafka_mock_push_request_errors_array(void*, int16_t, size_t, int32_t*)'),
    clearRequestErrors: fn('void rd_kafka_mock_clear_request_errors(void*, int16_t)'),
    errorName: fn('str rd_kafka_err2name(int)'),
  };
  return native;
}

/**
 * Why this machine cannot run the dev broker (librdkafka missing, or too old
 * for its mock cluster API), or undefined when it can. Lets a caller say what
 * to install instead of failing later with koffi's error.
 */
export function librdkafkaProblem(): string | undefined {
  try {
    loadNative();
    return undefined;
  } catch (error) {
    return `${LIBRARY}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** State of one mock broker as last set through this wrapper (librdkafka has no getter). */
export interface MockBrokerState {
  /** Broker id; the mock numbers its brokers 1..n. */
  readonly id: number;
  /** false after {@link MockCluster.setBrokerDown}: connections are closed and refused. */
  readonly up: boolean;
  /** Simulated round-trip delay in milliseconds added to every response. */
  readonly rttMs: number;
}

export interface MockClusterOptions {
  /** Number of brokers (ids 1..n). Default 1. */
  readonly brokers?: number;
}

/**
 * librdkafka's in-process mock Kafka cluster, driven through koffi.
 *
 * It speaks the Kafka protocol on random loopback ports: librdkafka 2.0.2 has
 * no option to choose the listen port (the broker binds 127.0.0.1:0 and
 * advertises that address in metadata), so callers publish {@link bootstrap}
 * through the dev broker's state file instead.
 */
export class MockCluster {
  private readonly brokers: Map<number, { up: boolean; rttMs: number }>;
  private readonly topics = new Map<string, number>();
  private destroyed = false;

  private constructor(
    private readonly lib: RdKafkaNative,
    private readonly rk: NativeHandle,
    private readonly mc: NativeHandle,
    brokerCount: number,
    /** Comma-separated `host:port` list of every mock broker. */
    readonly bootstrap: string,
  ) {
    this.brokers = new Map(Array.from({ length: brokerCount }, (_, i) => [i + 1, { up: true, rttMs: 0 }]));
  }

  static create(options: MockClusterOptions = {}): MockCluster {
    const brokerCount = options.brokers ?? 1;
    if (!Number.isInteger(brokerCount) || brokerCount < 1) throw new RangeError(`brokers must be a positive integer, got ${brokerCount}`);
    const lib = loadNative();
    const errstr = Buffer.alloc(512);
    const conf = lib.confNew();
    // Errors only: the mock logs every connection at info level through stderr.
    lib.confSet(conf, 'log_level', '3', errstr, errstr.length);
    // The producer handle only hosts the mock cluster's thread; it never produces.
    const rk = lib.kafkaNew(RD_KAFKA_PRODUCER, conf, errstr, errstr.length);
    if (!rk) throw new Error(`rd_kafka_new failed: ${readCString(errstr)}`);
    const mc = lib.clusterNew(rk, brokerCount);
    if (!mc) {
      lib.kafkaDestroy(rk);
      throw new Error('rd_kafka_mock_cluster_new failed');
    }
    return new MockCluster(lib, rk, mc, brokerCount, lib.clusterBootstraps(mc));
  }

  /** Bootstrap addresses as an array, as kafkajs expects them. */
  get brokerAddresses(): string[] {
    return this.bootstrap.split(',');
  }

  brokerStates(): MockBrokerState[] {
    return [...this.brokers].map(([id, state]) => ({ id, ...state }));
  }

  /** Topics created through this wrapper with their partition counts. */
  topicList(): { name: string; partitions: number }[] {
    return [...this.topics].map(([name, partitions]) => ({ name, partitions }));
  }

  createTopic(name: string, partitions: number, replicationFactor = 1): void {
    this.check(this.lib.topicCreate(this.mc, name, partitions, replicationFactor), `create topic ${name}`);
    this.topics.set(name, partitions);
  }

  setBrokerDown(id: number): void {
    const broker = this.broker(id);
    this.check(this.lib.brokerSetDown(this.mc, id), `set broker ${id} down`);
    broker.up = false;
  }

  setBrokerUp(id: number): void {
    const broker = this.broker(id);
    this.check(this.lib.brokerSetUp(this.mc, id), `set broker ${id} up`);
    broker.up = true;
  }

  setRoundTripDelay(id: number, ms: number): void {
    const broker = this.broker(id);
    if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`round-trip delay must be a non-negative integer, got ${ms}`);
    this.check(this.lib.brokerSetRtt(this.mc, id, ms), `set broker ${id} rtt`);
    broker.rttMs = ms;
  }

  /**
   * The next `errorCodes.length` requests with this Kafka ApiKey (any broker)
   * fail with these error codes, in order.
   */
  pushRequestErrors(apiKey: number, errorCodes: readonly number[]): void {
    this.assertAlive();
    this.lib.pushRequestErrorsArray(this.mc, apiKey, errorCodes.length, Int32Array.from(errorCodes));
  }

  clearRequestErrors(apiKey: number): void {
    this.assertAlive();
    this.lib.clearRequestErrors(this.mc, apiKey);
  }

  /** Stops the brokers and frees native memory. Safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    // librdkafka asserts that mock clusters are destroyed before their host handle.
    this.lib.clusterDestroy(this.mc);
    this.lib.kafkaDestroy(this.rk);
  }

  private broker(id: number): { up: boolean; rttMs: number } {
    this.assertAlive();
    const broker = this.brokers.get(id);
    if (!broker) throw new RangeError(`unknown broker ${id}; brokers are ${[...this.brokers.keys()].join(', ')}`);
    return broker;
  }

  private check(code: number, action: string): void {
    if (code !== RD_KAFKA_RESP_ERR_NO_ERROR) throw new Error(`mock cluster could not ${action}: ${this.lib.errorName(code)}`);
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('mock cluster is destroyed');
  }
}

function readCString(buffer: Buffer): string {
  const end = buffer.indexOf(0);
  return buffer.toString('utf8', 0, end === -1 ? buffer.length : end);
}
