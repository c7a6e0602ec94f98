/** Whether the gateway may call a callback URL's host (resolved where it is a name); see the callback address rule. */
export abstract class CallbackAddresses {
  /** Why the URL's host may not be called, or null when it may. */
  abstract problemOf(url: URL): Promise<string | null>;
}
