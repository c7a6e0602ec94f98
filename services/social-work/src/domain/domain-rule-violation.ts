/**
 * A command the domain refuses because it would be an impossible transition
 * (accepting a declined referral, ending support that never started).
 * `message` is a reason a social worker can act on; the HTTP adapter turns it
 * into a 409, and nothing is written.
 */
export class DomainRuleViolation extends Error {
  override readonly name = 'DomainRuleViolation';

  constructor(reason: string) {
    super(reason);
  }
}
