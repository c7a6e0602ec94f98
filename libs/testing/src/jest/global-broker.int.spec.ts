import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { devBrokerControl, kafkaBrokers } from '../kafka/test-kafka';
import { waitFor } from '../wait-for';

const TOPIC = 'timeline.events.v1';

describe('the jest global dev broker', () => {
  it('hands tests a broker with the catalogue topics pre-created', async () => {
    // given the global setup ran
    // when asking the control endpoint for its status
    const status = await devBrokerControl().status();
    // then it serves the address tests got and has the topics and their dead-letter topics
    expect(status.bootstrap.split(',')).toEqual(kafkaBrokers());
    expect(status.topics).toEqual(expect.arrayContaining([expect.objectContaining({ name: TOPIC }), { name: `${TOPIC}.dlq`, partitions: 1 }]));
  });

  it('lets a test produce and consume through it', async () => {
    // given a producer and a consumer on the shared broker
    const kafka = new Kafka({ clientId: 'testing-spec', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: `testing-spec-${Date.now()}` });
    const seen: string[] = [];
    await Promise.all([producer.connect(), consumer.connect()]);
    try {
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
      const marker = `marker-${Date.now()}`;

      // when producing
      await producer.send({ topic: TOPIC, messages: [{ key: 'pathway-1', value: marker }] });

      // then the consumer receives it
      await expect(waitFor(async () => seen.includes(marker), { description: `${marker} on ${TOPIC}`, timeoutMs: 20_000 })).resolves.toBe(true);
    } finally {
      await Promise.all([producer.disconnect(), consumer.disconnect()]);
    }
  });
});
