import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PartnerGatewayHarness } from './partner-gateway.harness';

/**
 * A partner chooses its callback URL: one pointing into the gateway's own
 * network is refused at registration, field by field, before the gateway sends
 * it anything (no handshake request), and nothing is stored.
 */
describe('partner callback addresses', () => {
  const gateway = new PartnerGatewayHarness({
    database: 'partner_gateway_callback_address',
    consumerName: 'partner-gateway.notifications.callback-address-spec',
  });
  let probe: Server;
  let probed = 0;

  beforeAll(async () => {
    await gateway.start();
    // a server on the gateway's network that must never be reached
    probe = createServer((_request, response) => {
      probed++;
      response.writeHead(200, { 'webhook-allowed-origin': '*' }).end();
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => probe.close(resolve));
    await gateway.stop();
  });

  it.each([
    ['the cloud metadata endpoint', 'https://169.254.169.254/latest/meta-data/'],
    ['a private address', 'https://10.0.0.7/hook'],
    ['a unique-local IPv6 address', 'https://[fd00::7]/hook'],
    ['a private address written as IPv6', 'https://[::ffff:192.168.1.20]/hook'],
  ])('refuses %s with a 400 on callbackUrl and stores nothing', async (_what, callbackUrl) => {
    const token = await gateway.issuer.issueFor('PT-SSRF', ['partner'], { kind: 'partner' });
    const created = await gateway.api('POST', '/api/v1/subscriptions', token, { callbackUrl, eventTypes: ['*'] });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toMatch(/callbackUrl.*public or loopback address/);
    const listed = await gateway.api('GET', '/api/v1/subscriptions', token);
    expect(listed.body).toEqual([]);
  });

  it('still takes a loopback endpoint in development, after its handshake', async () => {
    const port = (probe.address() as AddressInfo).port;
    const token = await gateway.issuer.issueFor('PT-LOCAL', ['partner'], { kind: 'partner' });
    const created = await gateway.api('POST', '/api/v1/subscriptions', token, {
      callbackUrl: `http://127.0.0.1:${port}/hook`,
      eventTypes: ['*'],
    });
    expect(created.status).toBe(201);
    expect(probed).toBe(1);
  });
});
