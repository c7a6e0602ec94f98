import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { createServiceApp, HealthRegistry, JsonLogger, RuntimeModule } from '../src';

class CrisisDto {
  @IsIn(['eviction', 'energy'])
  type!: string;
}

class CreateThingDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(0)
  amountCents!: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => CrisisDto)
  crisis?: CrisisDto;
}

const created: CreateThingDto[] = [];

@Controller('api/v1/things')
class ThingsController {
  @Post()
  create(@Body() body: CreateThingDto): { ok: true } {
    created.push(body);
    return { ok: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('relation "secret_table" does not exist at SELECT * FROM secret_table');
  }
}

@Module({
  imports: [
    RuntimeModule.forRoot({
      service: 'test-service',
      logger: new JsonLogger('test-service', undefined, 'error', () => undefined),
    }),
  ],
  controllers: [ThingsController],
})
class TestModule {}

describe('a service app created with createServiceApp', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createServiceApp(TestModule, {
      service: 'test-service',
      title: 'Test',
      description: 'test',
      logger: new JsonLogger('test-service', undefined, 'error', () => undefined),
      bodyLimit: '1kb',
    });
    app.get(HealthRegistry).register('database', async () => ({ status: 'up', latencyMs: 1 }));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (body: string) =>
    fetch(`${base}/api/v1/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers invalid input with 400 and a message per field, and runs no handler', async () => {
    // when
    const res = await post(JSON.stringify({ name: 42, amountCents: -1, crisis: { type: 'flood' }, extra: 'x' }));
    // then
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; errors: Array<{ field: string }> };
    expect(body.message).toBe('Request validation failed');
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['amountCents', 'crisis.type', 'extra', 'name']);
    expect(created).toHaveLength(0);
  });

  it('accepts valid input', async () => {
    const res = await post(JSON.stringify({ name: 'a', amountCents: 5 }));
    expect(res.status).toBe(201);
    expect(created).toHaveLength(1);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const malformed = await post('{"name":"111222333"');
    expect(malformed.status).toBe(400);
    // The parser's own message would quote the body back.
    expect(((await malformed.json()) as { message: string }).message).toBe('Request body is not valid JSON');
    const big = await post(JSON.stringify({ name: 'x'.repeat(5000), amountCents: 1 }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { message: string }).message).toBe('Request body is too large');
  });

  it('hides the detail of unexpected errors behind a plain 500 with a correlation id', async () => {
    const res = await fetch(`${base}/api/v1/things/boom`, { headers: { 'x-correlation-id': 'corr-42' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret_table|SELECT|at /);
    expect(JSON.parse(text)).toMatchObject({ message: 'An unexpected error occurred', correlationId: 'corr-42' });
    expect(res.headers.get('x-correlation-id')).toBe('corr-42');
  });

  it('serves health, Prometheus metrics with route templates, OpenAPI and security headers', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect((await health.json()) as object).toMatchObject({ status: 'up', checks: { database: { status: 'up' } } });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain(
      'ketenpad_http_request_duration_seconds_count{service="test-service",method="POST",route="/api/v1/things",status="201"}',
    );

    const docs = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toContain('/things');
  });

  describe('the NL GOV API Design Rules', () => {
    it('answers errors as RFC 9457 problem details, with invalidParams per field, keeping the earlier members', async () => {
      // when
      const res = await post(JSON.stringify({ name: 42, amountCents: 1 }));

      // then
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(await res.json()).toEqual({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Request validation failed',
        instance: '/api/v1/things',
        invalidParams: [{ name: 'name', reason: 'name must be a string' }],
        correlationId: expect.any(String),
        statusCode: 400,
        error: 'Bad Request',
        message: 'Request validation failed',
        errors: [{ field: 'name', messages: ['name must be a string'] }],
      });
    });

    it('sends the full API version on every response, success, error and unknown path alike', async () => {
      const answers = [
        await post(JSON.stringify({ name: 'v', amountCents: 1 })),
        await post('{'),
        await fetch(`${base}/api/v1/nothing-here`),
        await fetch(`${base}/health`),
      ];
      expect(answers.map((a) => a.status)).toEqual([201, 400, 404, 200]);
      expect(answers.map((a) => a.headers.get('api-version'))).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    });

    it('answers a path with a trailing slash with 404, not with the resource', async () => {
      // when
      const slashed = await fetch(`${base}/api/v1/things/boom/`);
      const listed = await fetch(`${base}/api/v1/things/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'slash', amountCents: 1 }),
      });

      // then
      expect([slashed.status, listed.status]).toEqual([404, 404]);
      expect(((await slashed.json()) as { title: string }).title).toBe('Not Found');
      expect(created.some((c) => c.name === 'slash')).toBe(false);
    });

    it('answers 406 to an Accept header that allows no representation of the API', async () => {
      const xml = await fetch(`${base}/api/v1/things/boom`, { headers: { accept: 'application/xml' } });
      const any = await fetch(`${base}/api/v1/nothing-here`, { headers: { accept: 'text/html, */*;q=0.1' } });
      expect([xml.status, any.status]).toEqual([406, 404]);
      expect(xml.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('publishes the OpenAPI document at /api/v1/openapi.json to any origin, with semver, contact, server and documented problems', async () => {
      // when a tool on another origin loads it
      const res = await fetch(`${base}/api/v1/openapi.json`, { headers: { origin: 'https://tools.example' } });
      const preflight = await fetch(`${base}/api/v1/openapi.json`, {
        method: 'OPTIONS',
        headers: { origin: 'https://tools.example', 'access-control-request-method': 'GET' },
      });

      // then
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.status).toBe(204);
      const doc = (await res.json()) as {
        info: { version: string; contact: Record<string, string> };
        servers: { url: string }[];
        paths: Record<
          string,
          Record<string, { summary?: string; responses: Record<string, { headers?: object; content?: object }> }>
        >;
        components: { schemas: Record<string, { required?: string[] }> };
      };
      expect(doc.info.version).toBe('1.0.0');
      expect(Object.keys(doc.info.contact).sort()).toEqual(['email', 'name', 'url']);
      expect(doc.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
      const create = doc.paths['/things']!.post!;
      expect(create.summary).toBe('Create');
      expect(create.responses['201']!.headers).toHaveProperty('API-Version');
      expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '406', '429', '500']);
      expect(create.responses['400']!.content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
      expect(doc.components.schemas.Problem!.required).toEqual(['type', 'title', 'status', 'detail']);
    });
  });

  it('reports down with 503 when a registered check fails', async () => {
    app.get(HealthRegistry).register('kafka', async () => ({ status: 'down', error: 'broker unreachable' }));
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: Record<string, unknown> }).checks.kafka).toEqual({
      status: 'down',
      error: 'broker unreachable',
    });
  });
});

describe('the operational endpoints of a production service', () => {
  const SCRAPE_TOKEN = 's'.repeat(40);
  const start = async (metricsToken: string | undefined): Promise<{ app: INestApplication; base: string }> => {
    const logger = new JsonLogger('prod-service', undefined, 'error', () => undefined);
    @Module({
      imports: [RuntimeModule.forRoot({ service: 'prod-service', logger, http: { production: true, metricsToken } })],
    })
    class ProductionModule {}
    const app = await createServiceApp(ProductionModule, {
      service: 'prod-service',
      title: 'P',
      description: 'p',
      logger,
    });
    app.get(HealthRegistry).register('database', async () => ({
      status: 'down',
      error: 'password authentication failed for user "ketenpad_app"',
    }));
    await app.listen(0, '127.0.0.1');
    return { app, base: await app.getUrl() };
  };

  it('tells an anonymous caller only up or down, never what failed or why', async () => {
    const { app, base } = await start(SCRAPE_TOKEN);
    try {
      const res = await fetch(`${base}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ service: 'prod-service', status: 'down' });
    } finally {
      await app.close();
    }
  });

  it('serves metrics only to a scraper presenting METRICS_TOKEN, and not at all without one', async () => {
    const secured = await start(SCRAPE_TOKEN);
    try {
      expect((await fetch(`${secured.base}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${secured.base}/metrics`, { headers: { authorization: `Bearer ${'x'.repeat(40)}` } })).status,
      ).toBe(401);
      const scraped = await fetch(`${secured.base}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('ketenpad_http_request_duration_seconds');
    } finally {
      await secured.app.close();
    }
    const unconfigured = await start(undefined);
    try {
      expect((await fetch(`${unconfigured.base}/metrics`)).status).toBe(404);
    } finally {
      await unconfigured.app.close();
    }
  });
});
