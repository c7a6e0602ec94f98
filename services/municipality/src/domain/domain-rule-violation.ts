/**
 * A command that the domain refuses because it would be an impossible
 * transition. `message` is a human reason a counsellor can act on; the HTTP
 * adapter turns it into a 409.
 */
export class DomainRuleViolation extends Error {
  override readonly name = 'DomainRuleViolation';

  constructor(reason: string) {
    super(reason);
  }
}
