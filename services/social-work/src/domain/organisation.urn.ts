/**
 * Organisation references in event data: `urn:nld:ketenpad:<kind>:<orgId>`
 * (common/datatypes.schema.json#/$defs/organisationUrn). Organisation data,
 * never a person.
 */
export const ORGANISATION_URN =
  /^urn:nld:ketenpad:(municipality|social-work|court-liaison|gp|partner):[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const SOCIAL_WORK_PREFIX = 'urn:nld:ketenpad:social-work:';

/** The URN of a social-work organisation, e.g. `urn:nld:ketenpad:social-work:SW-AMS`. */
export function socialWorkUrn(organisationId: string): string {
  const urn = `${SOCIAL_WORK_PREFIX}${organisationId}`;
  if (!ORGANISATION_URN.test(urn)) throw new Error(`"${organisationId}" is not a valid organisation id`);
  return urn;
}

/** True for the URN of a social-work organisation (the only referrals this service takes in). */
export function isSocialWorkUrn(urn: string): boolean {
  return ORGANISATION_URN.test(urn) && urn.startsWith(SOCIAL_WORK_PREFIX);
}

const MUNICIPALITY_URN = /^urn:nld:ketenpad:municipality:(GM\d{4})$/;

/** The CBS code of a municipality's URN (`urn:nld:ketenpad:municipality:GM0363` → `GM0363`); undefined for any other URN. */
export function municipalityCodeOf(urn: string): string | undefined {
  return MUNICIPALITY_URN.exec(urn)?.[1];
}
