/**
 * Keys of event data that could identify the resident: one definition for the
 * chain, used wherever an erasure strips a pathway's events (the timeline, the
 * partner gateway). The chain's events carry no direct identifiers; the only
 * one that can single a person out is the keyed pseudonym of referral-made
 * (`ResidentPseudonymiser`: the same for the same resident in every pathway,
 * so it links them). Every other field is a code, a date, an
 * organisation or an id of the chain (checked against contracts/schemas: no
 * free text). Erasure removes these keys, keeping the non-personal facts.
 */
export const IDENTIFYING_KEYS: readonly string[] = ['residentPseudonym'];

/** A copy of an event's `data` without the {@link IDENTIFYING_KEYS}; every other field as it was. */
export function withoutIdentifyingData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !IDENTIFYING_KEYS.includes(key)));
}
