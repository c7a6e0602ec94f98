import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlServer } from './control.server';
import { startDevBroker, type DevBrokerHandle } from './dev-broker.process';
import { readDevBrokerState } from './dev-broker.state';
import { KafkaApiKey, KafkaErrorCode } from './kafka.codes';
import { MockCluster } from './mock-cluster';

const TOPIC = 'municipality.events.v1';
const DLQ = `${TOPIC}.dlq`;

/** A request with exactly these headers (fetch would add or forbid some, e.g. Host). */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, broker.controlUrl), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let broker: DevBrokerHandle;

describe('dev broker process', () => {
  const stateFile = join(tmpdir(), `dev-broker-spec-${process.pid}.json`);
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    broker = await startDevBroker({ stateFile });
    kafka = new Kafka({
      clientId: 'dev-broker-spec',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 500 },
    });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await broker?.stop();
  });

  it('publishes its bootstrap address and control URL in the state file', () => {
    // given a started broker
    // when reading the state file
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    // then it matches the ready line the parent received
    expect(state).toMatchObject({ event: 'dev-broker-ready', bootstrap: broker.bootstrap, controlUrl: broker.controlUrl });
  });

  it('pre-creates every topic of contracts/topics.json and its dead-letter topic', async () => {
    // given the repository's topic catalogue
    const catalogue = JSON.parse(readFileSync(join(__dirname, '../../../contracts/topics.json'), 'utf8'));
    const expected = catalogue.topics.flatMap((topic: { name: string; partitions: number }) => [
      { name: topic.name, partitions: topic.partitions },
      { name: `${topic.name}.dlq`, partitions: 1 },
    ]);
    // when asking the broker
    const { topics } = await broker.control.status();
    // then all of them exist
    expect(topics).toEqual(expect.arrayContaining(expected));
    expect(topics).toHaveLength(expected.length);
  });

  it('lets kafkajs produce to and consume from a pre-created topic and its dead-letter topic', async () => {
    // given one consumer on the topic and its .dlq (group joins are slow on the mock: share one)
    const consumer: Consumer = kafka.consumer({ groupId: `spec-${Date.now()}` });
    const received: { topic: string; value: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPIC, DLQ], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ topic, message }) => void received.push({ topic, value: message.value!.toString() }) });

    try {
      // when producing one message to each
      await producer.send({ topic: TOPIC, messages: [{ key: 'pathway-1', value: 'event' }] });
      await producer.send({ topic: DLQ, messages: [{ key: 'pathway-1', value: 'poison' }] });

      // then both come back
      const deadline = Date.now() + 20_000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(received).toEqual(
        expect.arrayContaining([
          { topic: TOPIC, value: 'event' },
          { topic: DLQ, value: 'poison' },
        ]),
      );
    } finally {
      await consumer.disconnect();
    }
  });

  it('stalls a send while the broker is down and completes it once the broker is back up', async () => {
    // given the broker is down
    await broker.control.brokerDown();
    expect((await broker.control.status()).brokers).toEqual([{ id: 1, up: false, rttMs: 0 }]);

    // when sending
    let settled = false;
    const send = producer.send({ topic: TOPIC, messages: [{ key: 'pathway-2', value: 'during outage' }] }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1_500));

    // then nothing is acknowledged until the broker comes back
    expect(settled).toBe(false);
    await broker.control.brokerUp();
    const [metadata] = await send;
    expect(metadata).toMatchObject({ topicName: TOPIC, errorCode: 0 });
  });

  it('slows every response by the configured round-trip delay', async () => {
    // given a 400 ms round-trip delay
    await broker.control.setRoundTripDelay(400);
    try {
      // when sending
      const started = Date.now();
      await producer.send({ topic: TOPIC, messages: [{ key: 'pathway-3', value: 'slow' }] });
      // then the acknowledgement took at least that long
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    } finally {
      await broker.control.setRoundTripDelay(0);
    }
  });

  it('fails the next produce request with a pushed Kafka error code, then accepts again', async () => {
    // given one NOT_LEADER_FOR_PARTITION answer queued for Produce, and a producer that does not retry
    await broker.control.pushRequestErrors(KafkaApiKey.Produce, [KafkaErrorCode.NOT_LEADER_FOR_PARTITION]);
    const strictProducer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    await strictProducer.connect();
    try {
      // when sending twice
      const first = strictProducer.send({ topic: TOPIC, messages: [{ key: 'k', value: 'v' }] });
      // then the first send gets the injected error and the second is accepted
      await expect(first).rejects.toThrow(/leader/i);
      await expect(strictProducer.send({ topic: TOPIC, messages: [{ key: 'k', value: 'v' }] })).resolves.toHaveLength(1);
    } finally {
      await strictProducer.disconnect();
    }
  });

  it('lets a retrying producer ride through injected retriable errors', async () => {
    // given two retriable errors queued for Produce
    await broker.control.pushRequestErrors(KafkaApiKey.Produce, [KafkaErrorCode.REQUEST_TIMED_OUT, KafkaErrorCode.NOT_LEADER_FOR_PARTITION]);
    // when the retrying producer sends
    const [metadata] = await producer.send({ topic: TOPIC, messages: [{ key: 'k', value: 'v' }] });
    // then it succeeds in the end
    expect(metadata).toMatchObject({ topicName: TOPIC, errorCode: 0 });
  });

  it('answers 400 to malformed control input and changes nothing', async () => {
    // given a healthy broker
    // when sending bad input
    const json = { 'content-type': 'application/json' };
    const badJson = await fetch(`${broker.controlUrl}/errors`, { method: 'POST', headers: json, body: '{not json' });
    const badDelay = await fetch(`${broker.controlUrl}/brokers/1/rtt`, { method: 'POST', headers: json, body: JSON.stringify({ ms: -5 }) });
    const badErrors = await fetch(`${broker.controlUrl}/errors`, { method: 'POST', headers: json, body: JSON.stringify({ apiKey: 0, errors: [] }) });
    const badBroker = await fetch(`${broker.controlUrl}/brokers/one/down`, { method: 'POST', headers: json });

    // then each is refused with a reason
    for (const response of [badJson, badDelay, badErrors, badBroker]) {
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    await expect(broker.control.setRoundTripDelay(-1)).rejects.toThrow(/400/);
    expect((await broker.control.status()).brokers).toEqual([{ id: 1, up: true, rttMs: 0 }]);
  });

  it('refuses what a web page can send: a mutation that is not JSON (415), any Origin and a non-loopback Host (403), without an effect', async () => {
    // given a healthy broker; a page can POST text/plain or a form without a preflight, and a rebound DNS name keeps its own Host
    const port = new URL(broker.controlUrl).port;
    // when
    const formPost = await rawRequest('POST', '/brokers/1/down', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1');
    const textPost = await rawRequest('POST', '/brokers/1/down', { 'content-type': 'text/plain' }, '{}');
    const noType = await rawRequest('POST', '/brokers/1/down', {}, '');
    const crossOrigin = await rawRequest('POST', '/brokers/1/down', { 'content-type': 'application/json', origin: 'https://evil.example' }, '{}');
    const nullOrigin = await rawRequest('GET', '/status', { origin: 'null' });
    const rebound = await rawRequest('POST', '/brokers/1/down', { 'content-type': 'application/json', host: `evil.example:${port}` }, '{}');
    const otherPort = await rawRequest('GET', '/status', { host: '127.0.0.1:1' });
    // then
    expect([formPost, textPost, noType].map((r) => r.status)).toEqual([415, 415, 415]);
    expect([crossOrigin, nullOrigin, rebound, otherPort].map((r) => r.status)).toEqual([403, 403, 403, 403]);
    for (const response of [formPost, crossOrigin, rebound]) expect(JSON.parse(response.body)).toEqual({ error: expect.any(String) });
    expect((await broker.control.status()).brokers).toEqual([{ id: 1, up: true, rttMs: 0 }]);
  });

  it('accepts JSON mutations from a loopback client without an Origin, addressed as localhost or 127.0.0.1', async () => {
    // given
    const port = new URL(broker.controlUrl).port;
    // when
    const byName = await rawRequest('POST', '/brokers/1/rtt', { 'content-type': 'application/json; charset=utf-8', host: `localhost:${port}` }, '{"ms":0}');
    const status = await rawRequest('GET', '/status', {});
    // then
    expect(byName.status).toBe(200);
    expect(status.status).toBe(200);
  });

  it('binds the control endpoint to loopback only', async () => {
    // when asking where the control server listens
    const status = await broker.control.status();
    // then it is 127.0.0.1
    expect(status.control.address).toBe('127.0.0.1');
    expect(new URL(broker.controlUrl).hostname).toBe('127.0.0.1');
  });

  it('refuses to bind the control endpoint to a non-loopback address', async () => {
    // given a mock cluster
    const cluster = MockCluster.create({ brokers: 1 });
    try {
      // when binding to every interface
      // then it is refused
      await expect(startControlServer(cluster, { port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    } finally {
      cluster.destroy();
    }
  });

  it('refuses to start a second broker on the state file of a running one', async () => {
    // given the running broker's state file
    // when starting another broker on it
    const second = startDevBroker({ stateFile });
    // then it fails and names the running broker
    await expect(second).rejects.toThrow(`a dev broker is already running (pid ${broker.pid}, bootstrap ${broker.bootstrap})`);
    expect(readDevBrokerState(stateFile)).toMatchObject({ pid: broker.pid });
  });

  it('removes its state file when stopped', async () => {
    // given a second broker with its own state file
    const otherStateFile = join(tmpdir(), `dev-broker-spec-stop-${process.pid}.json`);
    const other = await startDevBroker({ stateFile: otherStateFile });
    expect(existsSync(otherStateFile)).toBe(true);
    // when stopping it
    await other.stop();
    // then the state file is gone
    expect(existsSync(otherStateFile)).toBe(false);
  });
});
