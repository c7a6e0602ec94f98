import { Body, Controller, Get, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { createServiceApp, JsonLogger, RuntimeModule } from '../src';

class NodeDto {
  @IsString()
  name!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => NodeDto)
  child?: NodeDto;
}

const received: NodeDto[] = [];

@Controller('api/v1/nodes')
class NodesController {
  @Post()
  create(@Body() body: NodeDto): { ok: true } {
    received.push(body);
    return { ok: true };
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): { id: string } {
    return { id };
  }
}

const silent = (): JsonLogger => new JsonLogger('hardening-test', undefined, 'error', () => undefined);
const PORTAL = 'https://portal.example.nl';

@Module({
  imports: [RuntimeModule.forRoot({ service: 'hardening-test', logger: silent(), http: { production: true } })],
  controllers: [NodesController],
})
class HardeningModule {}

/** `{"name":"n","child":{...}}` nested `depth` levels. */
function nested(depth: number): string {
  return '{"name":"n","child":'.repeat(depth - 1) + '{"name":"n"}' + '}'.repeat(depth - 1);
}

describe('the HTTP hardening of a service app', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createServiceApp(HardeningModule, {
      service: 'hardening-test',
      title: 'Hardening',
      description: 'test',
      logger: silent(),
      http: { production: true, bodyLimitBytes: 4096, jsonMaxDepth: 8, corsAllowedOrigins: [PORTAL] },
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    received.length = 0;
  });

  const post = (
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ): Promise<Response> => fetch(`${base}/api/v1/nodes`, { method: 'POST', headers, body });

  it('sets the security headers on API answers, strict CSP and HSTS included, and hides the framework', async () => {
    // when
    const res = await post(nested(2));

    // then
    expect(res.status).toBe(201);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('sets the security headers on errors raised before any handler, like 413 and 404', async () => {
    // when
    const tooLarge = await post(JSON.stringify({ name: 'x'.repeat(10_000) }));
    const unknown = await fetch(`${base}/nothing-here`);

    // then
    expect(tooLarge.status).toBe(413);
    expect(unknown.status).toBe(404);
    for (const res of [tooLarge, unknown]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('leaves the Content-Security-Policy off the Swagger UI, which needs its own scripts', async () => {
    const res = await fetch(`${base}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a JSON body nested deeper than the limit with 400 and runs no handler', async () => {
    // when
    const tooDeep = await post(nested(9));
    const absurd = await post('['.repeat(2000) + ']'.repeat(2000));
    const allowed = await post(nested(8));

    // then
    expect(tooDeep.status).toBe(400);
    expect(((await tooDeep.json()) as { message: string }).message).toBe('Request body is nested deeper than 8 levels');
    expect(absurd.status).toBe(400);
    expect(allowed.status).toBe(201);
    expect(received).toHaveLength(1);
  });

  it('refuses __proto__ and constructor keys, which would otherwise slip past the whitelist, with 400', async () => {
    // when
    const proto = await post('{"name":"n","__proto__":{"isAdmin":true}}');
    const nestedConstructor = await post('{"name":"n","child":{"name":"c","constructor":{"prototype":{"x":1}}}}');

    // then
    expect([proto.status, nestedConstructor.status]).toEqual([400, 400]);
    expect(((await proto.json()) as { message: string }).message).toMatch(/reserved property name/);
    expect(received).toHaveLength(0);
  });

  it('answers a body that is not JSON with 415', async () => {
    // when
    const text = await post('name=x', { 'content-type': 'text/plain' });
    const form = await post('name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    const missing = await fetch(`${base}/api/v1/nodes`, { method: 'POST', body: new Blob(['{"name":"x"}']) });

    // then
    expect([text.status, form.status, missing.status]).toEqual([415, 415, 415]);
    expect(((await text.json()) as { message: string }).message).toBe('Request body must be application/json');
    expect(received).toHaveLength(0);
  });

  it('answers a path that cannot be URL-decoded with 400, not 500', async () => {
    // when
    const res = await fetch(`${base}/api/v1/nodes/%E0%A4%A`);

    // then
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('answers CORS preflights for a configured origin and gives other origins no access', async () => {
    // when
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${base}/api/v1/nodes`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight(PORTAL);
    const foreign = await preflight('https://evil.example');

    // then
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a service app without configured CORS origins', () => {
  it('sends no CORS headers at all', async () => {
    // given
    const app = await createServiceApp(HardeningModule, {
      service: 'hardening-test',
      title: 'Hardening',
      description: 'test',
      logger: silent(),
      http: { corsAllowedOrigins: [] },
    });
    await app.listen(0, '127.0.0.1');

    try {
      // when
      const res = await fetch(`${await app.getUrl()}/api/v1/nodes`, {
        method: 'OPTIONS',
        headers: { origin: PORTAL, 'access-control-request-method': 'POST' },
      });

      // then
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await app.close();
    }
  });
});
