import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a partner's callback may reach. A callback URL is chosen by
 * the partner; without this rule the gateway's handshake and deliveries could
 * be pointed at the gateway's own network (blind SSRF, port probing, a cloud
 * metadata endpoint). Production allows public addresses only; development
 * also allows loopback, where tests and a partner's local endpoint run.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 of any IPv4 address
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Why the gateway must not connect to this IP address, or null when it may. */
export function callbackAddressProblem(address: string, production: boolean): string | null {
  if (isIP(address) === 0) return `${address} is not an IP address`;
  const { address: ip, family } = unmapped(address);
  if (!production && LOOPBACK.check(ip, family)) return null;
  if (NOT_PUBLIC.check(ip, family))
    return production
      ? 'callbackUrl must reach a public address (not loopback, private, link-local or unique-local)'
      : 'callbackUrl must reach a public or loopback address (not private, link-local or unique-local)';
  return null;
}

/** The host of a URL as an IP address when it is one (`[::1]` -> `::1`), else undefined. */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? undefined : bare;
}
