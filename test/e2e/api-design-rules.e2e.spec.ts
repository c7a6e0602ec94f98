import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CHAIN_SERVICES, startChain, type Chain, type ChainService } from '../support/chain.stack';

const root = join(__dirname, '../..');
const RULESET = join(root, 'test/standards/nlgov-adr/spectral-ruleset.yaml');
/** Where the project's shared standards live next to a checkout, when they do. */
const UPSTREAM_RULESET = join(root, '../shared/standards/nlgov-adr/spectral-ruleset.yaml');
const SERVICES: readonly ChainService[] = [...CHAIN_SERVICES, 'partner-gateway'];

interface SpectralFinding {
  code: string;
  message: string;
  path: (string | number)[];
  /** 0 error, 1 warning, 2 information, 3 hint. */
  severity: number;
  /** The linted file. */
  source: string;
}

/**
 * The NL GOV API Design Rules, checked by their own tools on the running
 * services: Logius' Spectral ruleset over every service's published OpenAPI
 * document, and the rules a linter cannot see against the HTTP answers.
 */
interface OpenApiDocument {
  paths: Record<string, Record<string, { summary?: string; description?: string }>>;
}

describe('the NL GOV API Design Rules', () => {
  let chain: Chain;
  /** Every service's document as published at `/api/v1/openapi.json`, read once. */
  const published = new Map<ChainService, string>();

  beforeAll(async () => {
    chain = await startChain({ services: SERVICES });
    for (const service of SERVICES) {
      const response = await fetch(`${chain.url[service]}/api/v1/openapi.json`);
      expect(response.status).toBe(200);
      published.set(service, await response.text());
    }
  }, 180_000);
  const documentOf = (service: ChainService) => JSON.parse(published.get(service)!) as OpenApiDocument;

  afterAll(async () => {
    await chain?.stop();
  });

  it('uses Logius’ ruleset unchanged', () => {
    const vendored = readFileSync(RULESET, 'utf8');
    expect(vendored).toContain('nlgov:problem-schema-members');
    if (existsSync(UPSTREAM_RULESET)) expect(vendored).toBe(readFileSync(UPSTREAM_RULESET, 'utf8'));
  });

  it('finds no error and no warning in any service’s OpenAPI document', async () => {
    // given every service's document, from where the rules say it lives
    const dir = mkdtempSync(join(tmpdir(), 'kp-adr-'));
    const files = SERVICES.map((service) => {
      const file = join(dir, `${service}.openapi.json`);
      writeFileSync(file, published.get(service)!);
      return file;
    });

    // when Spectral lints them all, in one run, with the official ruleset
    // (asynchronously: a blocked event loop would keep the idle keep-alive sockets to the services,
    // which they close after 5 s, and the next test's first request would go out on a dead one)
    const run = await new Promise<{ stdout: string; stderr: string; failure?: Error }>((resolve) =>
      execFile(
        join(root, 'node_modules/.bin/spectral'),
        ['lint', '--ruleset', RULESET, '--format', 'json', '--quiet', '--fail-severity', 'hint', ...files],
        { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
        // Spectral's own non-zero exit (a finding) is reported below; only not running at all is a failure.
        (error, stdout, stderr) =>
          resolve({ stdout, stderr, failure: error && typeof error.code !== 'number' ? error : undefined }),
      ),
    );
    expect(run.failure).toBeUndefined();
    // Spectral prints "[]" when every document is clean and exits 0; anything else is a finding or a failure.
    const reported = JSON.parse(run.stdout || 'null') as SpectralFinding[] | null;
    const findings =
      reported === null
        ? [`spectral printed no report (${run.stderr.trim()})`]
        : reported
            .filter((f) => f.severity <= 1)
            .map((f) => `${basename(f.source)} ${f.code} at ${f.path.join('.')}: ${f.message}`);

    // then the ruleset finds nothing
    expect(findings).toEqual([]);
  }, 600_000);

  it('describes every operation for integrators: a summary and a description each', async () => {
    const undescribed: string[] = [];
    for (const service of SERVICES) {
      for (const [path, operations] of Object.entries(documentOf(service).paths))
        for (const [method, operation] of Object.entries(operations))
          if (!operation.summary?.trim() || !operation.description?.trim())
            undescribed.push(`${service} ${method.toUpperCase()} ${path}`);
    }
    expect(undescribed).toEqual([]);
  });

  it('answers every error as problem+json with the API version, trailing slashes with 404 and an XML-only Accept with 406', async () => {
    const answers: string[] = [];
    for (const service of SERVICES) {
      const base = chain.url[service];
      const { paths } = documentOf(service);
      // Any documented GET, its path parameters filled in: without a token the guard answers before any handler.
      const readable = Object.keys(paths).find((path) => paths[path]!.get)!;
      const unauthenticated = await fetch(`${base}/api/v1${readable.replace(/\{[^}]+\}/g, randomUUID())}`);
      const unknown = await fetch(`${base}/api/v1/no-such-resource`);
      const slashed = await fetch(`${base}/api/v1/openapi.json/`);
      const xmlOnly = await fetch(`${base}/api/v1/openapi.json`, { headers: { accept: 'application/xml' } });
      const document = await fetch(`${base}/api/v1/openapi.json`, {
        headers: { origin: 'https://integrator.example' },
      });
      for (const [what, response, status] of [
        ['unauthenticated', unauthenticated, 401],
        ['unknown', unknown, 404],
        ['trailing slash', slashed, 404],
        ['xml only', xmlOnly, 406],
      ] as const) {
        const body = (await response.json()) as { type?: string; title?: string; status?: number; detail?: string };
        answers.push(
          `${service} ${what}: ${response.status} ${response.headers.get('content-type')} ${response.headers.get('api-version')} ` +
            `${body.status === status && typeof body.title === 'string' && typeof body.detail === 'string' && body.type === 'about:blank'}`,
        );
      }
      answers.push(
        `${service} document: ${document.status} ${document.headers.get('access-control-allow-origin')} ${document.headers.get('api-version')}`,
      );
    }
    expect(answers).toEqual(
      SERVICES.flatMap((service) => [
        `${service} unauthenticated: 401 application/problem+json; charset=utf-8 1.0.0 true`,
        `${service} unknown: 404 application/problem+json; charset=utf-8 1.0.0 true`,
        `${service} trailing slash: 404 application/problem+json; charset=utf-8 1.0.0 true`,
        `${service} xml only: 406 application/problem+json; charset=utf-8 1.0.0 true`,
        `${service} document: 200 * 1.0.0`,
      ]),
    );
  });
});
