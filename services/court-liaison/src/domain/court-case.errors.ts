/**
 * A command the domain refuses because it is impossible in the case's current
 * state (e.g. a Wsnp admission without a petition). `message` is a reason a
 * court liaison can act on; the HTTP adapter turns it into a 409.
 */
export class DomainRuleViolation extends Error {
  override readonly name = 'DomainRuleViolation';

  constructor(reason: string) {
    super(reason);
  }
}

/**
 * A command whose values contradict each other or the law whatever the state
 * (e.g. a moratorium ending before it starts, or longer than 6 months). The
 * HTTP adapter turns it into a 400.
 */
export class InvalidCourtCommand extends Error {
  override readonly name = 'InvalidCourtCommand';

  constructor(reason: string) {
    super(reason);
  }
}
