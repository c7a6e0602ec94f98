import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { CallbackAddresses } from '../../application/callback-address.port';
import { callbackAddressProblem, literalAddress } from '../../domain/callback-address.rule';

/** A connection the callback address rule forbids; the delivery fails without reaching the address. */
export class CallbackAddressRefused extends Error {
  override readonly name = 'CallbackAddressRefused';
  readonly code = 'ERR_CALLBACK_ADDRESS_REFUSED';
}

/**
 * Applies the callback address rule where it cannot be dodged: to the address a
 * connection is actually made to. The resolver of the HTTP agents checks every
 * address a host name resolves to at connection time, so a partner's DNS that
 * answers with a public address at registration and a private one later (DNS
 * rebinding) is refused at that delivery; {@link CallbackAddressGuard.assertLiteral}
 * covers hosts written as IP addresses, which node connects to without a lookup.
 */
export class CallbackAddressGuard extends CallbackAddresses {
  constructor(
    private readonly production: boolean,
    private readonly resolve: typeof dnsLookup = dnsLookup,
  ) {
    super();
  }

  /** `lookup` for `http(s).Agent`: resolves as node does, then refuses when any address is not allowed. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const all = addresses as unknown as LookupAddress[];
      const refused = all.map((a) => callbackAddressProblem(a.address, this.production)).find((p) => p !== null);
      if (refused) return callback(new CallbackAddressRefused(`${hostname}: ${refused}`), '', 0);
      if (options.all) return callback(null, all as unknown as string, 0);
      const first = all[0];
      if (!first) return callback(new CallbackAddressRefused(`${hostname} resolves to no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };

  /** Throws when the URL's host is an IP address the rule forbids. */
  assertLiteral(url: URL): void {
    const address = literalAddress(url.hostname);
    const problem = address === undefined ? null : callbackAddressProblem(address, this.production);
    if (problem !== null) throw new CallbackAddressRefused(problem);
  }

  async problemOf(url: URL): Promise<string | null> {
    const address = literalAddress(url.hostname);
    if (address !== undefined) return callbackAddressProblem(address, this.production);
    return new Promise((resolveProblem) =>
      this.resolve(url.hostname, { all: true }, (error, addresses) => {
        if (error) return resolveProblem(`callbackUrl host ${url.hostname} does not resolve`);
        const all = addresses as unknown as LookupAddress[];
        resolveProblem(
          all.map((a) => callbackAddressProblem(a.address, this.production)).find((p) => p !== null) ?? null,
        );
      }),
    );
  }
}
