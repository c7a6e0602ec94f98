import type { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { CallbackAddressGuard, CallbackAddressRefused } from './callback-address.guard';

/** A resolver that answers each call with the next answer: DNS is a process edge, so a test may stand in for it. */
function resolver(...answers: LookupAddress[][]): typeof dnsLookup {
  let call = 0;
  return ((_host: string, _options: unknown, callback: (e: Error | null, a: LookupAddress[]) => void) =>
    callback(null, answers[Math.min(call++, answers.length - 1)]!)) as unknown as typeof dnsLookup;
}

const lookupOnce = (guard: CallbackAddressGuard, host: string) =>
  new Promise<{ error: Error | null; address: string }>((resolve) =>
    guard.lookup(host, { family: 0 }, (error, address) => resolve({ error, address: address as string })),
  );

describe('the callback address guard', () => {
  it('refuses a connection when the host name now resolves to a private address (DNS rebinding)', async () => {
    // given a partner host that resolved to a public address when the subscription was made, and a private one now
    const guard = new CallbackAddressGuard(
      true,
      resolver([{ address: '93.184.216.34', family: 4 }], [{ address: '10.0.0.7', family: 4 }]),
    );
    expect(await guard.problemOf(new URL('https://partner.example.nl/hook'))).toBeNull();
    // when the delivery connects
    const { error } = await lookupOnce(guard, 'partner.example.nl');
    // then the connection is refused before it is made
    expect(error).toBeInstanceOf(CallbackAddressRefused);
    expect(error!.message).toMatch(/partner\.example\.nl: .*public address/);
  });

  it('refuses a host with any private address among its answers, and passes a public one to the agent', async () => {
    const mixed = new CallbackAddressGuard(
      true,
      resolver([
        { address: '93.184.216.34', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ]),
    );
    expect(await mixed.problemOf(new URL('https://partner.example.nl/'))).toMatch(/public address/);
    const clean = new CallbackAddressGuard(true, resolver([{ address: '93.184.216.34', family: 4 }]));
    expect(await lookupOnce(clean, 'partner.example.nl')).toEqual({ error: null, address: '93.184.216.34' });
  });

  it('checks hosts written as IP addresses, which are connected to without a lookup', async () => {
    const guard = new CallbackAddressGuard(true, resolver([]));
    expect(() => guard.assertLiteral(new URL('https://169.254.169.254/latest/meta-data'))).toThrow(
      CallbackAddressRefused,
    );
    expect(() => guard.assertLiteral(new URL('https://[::1]:8443/'))).toThrow(CallbackAddressRefused);
    expect(() => guard.assertLiteral(new URL('https://93.184.216.34/'))).not.toThrow();
    expect(await guard.problemOf(new URL('https://127.0.0.1/'))).toMatch(/public address/);
  });

  it('lets development reach loopback, where a partner endpoint runs on the same machine', async () => {
    const guard = new CallbackAddressGuard(false, resolver([{ address: '127.0.0.1', family: 4 }]));
    expect(await guard.problemOf(new URL('http://localhost:4000/'))).toBeNull();
    expect(() => guard.assertLiteral(new URL('http://127.0.0.1:4000/'))).not.toThrow();
  });
});
