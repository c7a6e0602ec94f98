/** The municipality's erasure request for a pathway (AVG art. 17). */
export const ERASURE_REQUESTED = 'nl.ketenpad.municipality.personal-data-erased.v1';

/**
 * Keys of event data that could identify the resident. The chain's events
 * carry no direct identifiers; the only one that can single a person out is
 * the keyed pseudonym of referral-made (the same for the same resident in
 * every pathway, so it links them). Every other field is a code, a date, an
 * organisation or an id of the chain (checked against contracts/schemas: no
 * free text). Erasure removes these keys, keeping the non-personal facts.
 */
export const IDENTIFYING_KEYS: readonly string[] = ['residentPseudonym'];

export function withoutIdentifyingData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !IDENTIFYING_KEYS.includes(key)));
}
