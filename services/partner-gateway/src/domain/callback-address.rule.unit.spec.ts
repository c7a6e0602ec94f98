import { callbackAddressProblem, literalAddress } from './callback-address.rule';

describe('the callback address rule', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'cloud metadata, link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['::ffff:10.0.0.1', 'private written as IPv6'],
    ['::ffff:127.0.0.1', 'loopback written as IPv6'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s) in production', (address) => {
    expect(callbackAddressProblem(address, true)).toMatch(/public address/);
  });

  it.each(['93.184.216.34', '172.32.0.1', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    'allows the public address %s',
    (address) => {
      expect(callbackAddressProblem(address, true)).toBeNull();
      expect(callbackAddressProblem(address, false)).toBeNull();
    },
  );

  it('allows loopback only in development, and never the gateway network around it', () => {
    expect(callbackAddressProblem('127.0.0.1', false)).toBeNull();
    expect(callbackAddressProblem('::1', false)).toBeNull();
    expect(callbackAddressProblem('10.0.0.5', false)).toMatch(/public or loopback/);
    expect(callbackAddressProblem('169.254.169.254', false)).toMatch(/public or loopback/);
  });

  it('reads IP hosts out of URLs, brackets and all', () => {
    expect(literalAddress(new URL('https://[::1]:8443/x').hostname)).toBe('::1');
    expect(literalAddress(new URL('https://10.0.0.1/x').hostname)).toBe('10.0.0.1');
    expect(literalAddress(new URL('https://partner.example.nl/x').hostname)).toBeUndefined();
  });
});
