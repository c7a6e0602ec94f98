/** Classification of a chain event (DESIGN.md privacy rule 3). */
export type EventClass = 'chain' | 'legal' | 'financial' | 'health-restricted';

/** A consent the municipality recorded for a partner on one pathway. */
export interface PartnerConsent {
  /** Classifications the resident allowed the partner to see. */
  readonly scope: readonly string[];
  /** Last valid day (`YYYY-MM-DD`), or null: valid until withdrawn. */
  readonly validUntil: string | null;
  /** When the consent was withdrawn, or null. */
  readonly withdrawnAt: Date | null;
}

/** What the gateway knows about one partner organisation on one pathway. */
export interface PartnerEntitlement {
  /** A referral named the partner as `toOrg` and was not declined. */
  readonly participates: boolean;
  /** Every consent naming the partner as grantee on the pathway, withdrawn ones included. */
  readonly consents: readonly PartnerConsent[];
}

/** What a partner role may receive as a participant, without consent. */
const PARTICIPANT_CLASSES: ReadonlySet<EventClass> = new Set(['chain', 'financial']);
/** What a consent can add: `legal` only ever through consent; never `health-restricted`. */
const CONSENTABLE_CLASSES: ReadonlySet<EventClass> = new Set(['chain', 'financial', 'legal']);

/**
 * The classes of a pathway's events a partner may receive or read, decided in one place.
 *
 * | relationship with the pathway                          | classes                              |
 * |--------------------------------------------------------|--------------------------------------|
 * | none (no referral to it, no consent)                    | nothing                              |
 * | referral made to it, declined                           | nothing                              |
 * | referral made to it (participant), no consent           | chain, financial                     |
 * | valid consent (not withdrawn, `validUntil` ≥ today)     | scope ∩ {chain, financial, legal}     |
 * | participant and valid consent                           | union of the two rows above          |
 * | a consent was withdrawn and no other consent is valid   | nothing, even as participant: the resident said stop |
 * | any                                                     | never `health-restricted`            |
 *
 * `today` is the calendar day in the Netherlands (`YYYY-MM-DD`), so a consent
 * valid until 31 March still counts on 31 March.
 */
export function receivableClasses(entitlement: PartnerEntitlement, today: string): ReadonlySet<EventClass> {
  const valid = entitlement.consents.filter(
    (c) => c.withdrawnAt === null && (c.validUntil === null || c.validUntil >= today),
  );
  const withdrawn = entitlement.consents.some((c) => c.withdrawnAt !== null);
  if (valid.length === 0 && withdrawn) return new Set();
  const classes = new Set<EventClass>(entitlement.participates ? PARTICIPANT_CLASSES : []);
  for (const consent of valid) {
    for (const scope of consent.scope)
      if (CONSENTABLE_CLASSES.has(scope as EventClass)) classes.add(scope as EventClass);
  }
  return classes;
}

/** Whether the partner may receive (as a notification) or read (through `dataref`) an event of this class. */
export function mayReceive(entitlement: PartnerEntitlement, classification: string, today: string): boolean {
  return receivableClasses(entitlement, today).has(classification as EventClass);
}

/** No relationship at all: what the gateway assumes for a pathway it has not heard of. */
export const NO_ENTITLEMENT: PartnerEntitlement = { participates: false, consents: [] };
