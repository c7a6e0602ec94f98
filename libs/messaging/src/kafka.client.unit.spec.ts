import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@ketenpad/runtime';
import { brokerKindOf, kafkaSecurityFromEnv } from './kafka.client';

describe('brokerKindOf', () => {
  it('recognises the dev broker by the cluster id of librdkafka’s mock cluster', () => {
    // given
    const clusterId = 'mockCluster2e51e20';
    // when
    const kind = brokerKindOf(clusterId);
    // then
    expect(kind).toBe('dev-broker');
  });

  it('takes any other cluster id, or none, for a real Kafka', () => {
    // given
    const realKafka = 'MkU3OEVBNTcwNTJENDM2Qk';
    // when
    const kinds = [brokerKindOf(realKafka), brokerKindOf(null), brokerKindOf(undefined)];
    // then
    expect(kinds).toEqual(['kafka', 'kafka', 'kafka']);
  });
});

describe('kafkaSecurityFromEnv', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kafka-security-'));
    writeFileSync(path.join(dir, 'password'), 's3cret\n');
    writeFileSync(path.join(dir, 'ca.pem'), 'CA');
    writeFileSync(path.join(dir, 'cert.pem'), 'CERT');
    writeFileSync(path.join(dir, 'key.pem'), 'KEY');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
    try {
      kafkaSecurityFromEnv(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('uses no credentials and plaintext when nothing is set (the dev broker)', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('authenticates with SCRAM as the service’s own user, the password read from a mounted secret', () => {
    // when
    const security = kafkaSecurityFromEnv({
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'timeline',
      KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'password'),
    });
    // then
    expect(security).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'timeline', password: 's3cret' } });
  });

  it('turns TLS on with a private CA and a client certificate (mTLS), always verifying the broker', () => {
    // when
    const security = kafkaSecurityFromEnv({
      KAFKA_SSL_CA_FILE: path.join(dir, 'ca.pem'),
      KAFKA_SSL_CERT_FILE: path.join(dir, 'cert.pem'),
      KAFKA_SSL_KEY_FILE: path.join(dir, 'key.pem'),
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'gp',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    // then
    expect(security.ssl).toEqual({
      rejectUnauthorized: true,
      ca: Buffer.from('CA'),
      cert: Buffer.from('CERT'),
      key: Buffer.from('KEY'),
    });
    expect(security.sasl).toEqual({ mechanism: 'plain', username: 'gp', password: 'pw' });
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
  });

  it('reports every misconfiguration at once', () => {
    // then
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      'KAFKA_SASL_MECHANISM scram-sha-256 needs KAFKA_SASL_USERNAME',
      'KAFKA_SASL_MECHANISM scram-sha-256 needs KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE',
    ]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_MECHANISM must be one of scram-sha-256, scram-sha-512, plain, got "gssapi"',
    ]);
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'u' })).toEqual([
      'KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set without KAFKA_SASL_MECHANISM (scram-sha-256, scram-sha-512, plain)',
    ]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_MECHANISM plain sends the password in the clear: use it only with KAFKA_SSL=true',
    ]);
    expect(
      problemsOf({
        KAFKA_SSL: 'yes',
        KAFKA_SSL_CERT_FILE: path.join(dir, 'cert.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'password'),
      }),
    ).toEqual([
      'KAFKA_SSL must be true or false, got "yes"',
      'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)',
      'KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: set one of them',
    ]);
    expect(problemsOf({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: path.join(dir, 'missing.pem') })).toEqual([
      expect.stringMatching(/^KAFKA_SSL_CA_FILE cannot be read: /),
      'KAFKA_SSL is false but KAFKA_SSL_CA_FILE is set',
    ]);
  });
});
