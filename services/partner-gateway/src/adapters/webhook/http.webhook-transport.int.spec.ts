import type { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallbackAddressGuard } from './callback-address.guard';
import { HttpWebhookTransport } from './http.webhook-transport';

/** DNS is a process edge: the partner's name server is played by the test, here answering with the gateway's own loopback. */
const rebindingDns = ((_host: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) =>
  callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof dnsLookup;

describe('webhook calls under the callback address rule', () => {
  let server: Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      received++;
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    received = 0;
  });

  it('never connects when the partner host now resolves into the gateway network (DNS rebinding), nor to such an IP host', async () => {
    const transport = new HttpWebhookTransport(new CallbackAddressGuard(true, rebindingDns));
    try {
      const byName = await transport.post(
        { url: `http://partner.example.nl:${port}/hook`, headers: {}, body: '{}' },
        2_000,
      );
      const byAddress = await transport.post({ url: `http://127.0.0.1:${port}/hook`, headers: {}, body: '{}' }, 2_000);
      const handshake = await transport.handshake(
        `http://partner.example.nl:${port}/hook`,
        'gateway.example.nl',
        2_000,
      );
      expect([byName.ok, byName.error, byAddress.ok, byAddress.error, handshake]).toEqual([
        false,
        'network',
        false,
        'network',
        false,
      ]);
      expect(received).toBe(0);
    } finally {
      transport.close();
    }
  });

  it('delivers to the same loopback endpoint where development allows it', async () => {
    const transport = new HttpWebhookTransport(new CallbackAddressGuard(false, rebindingDns));
    try {
      const result = await transport.post(
        { url: `http://partner.example.nl:${port}/hook`, headers: {}, body: '{}' },
        2_000,
      );
      expect(result).toMatchObject({ ok: true, statusCode: 204 });
      expect(received).toBe(1);
    } finally {
      transport.close();
    }
  });
});
