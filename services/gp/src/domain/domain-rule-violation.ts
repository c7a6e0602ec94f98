/**
 * A command the domain refuses (an impossible transition, or no valid consent).
 * `message` is a reason the practice can act on; the HTTP adapter makes it a 409.
 */
export class DomainRuleViolation extends Error {
  override readonly name = 'DomainRuleViolation';

  constructor(reason: string) {
    super(reason);
  }
}
