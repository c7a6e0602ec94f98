/** URN of a partner organisation, as chain events name it (`toOrg`, `grantee`). */
export function partnerUrn(orgId: string): string {
  return `urn:nld:ketenpad:partner:${orgId}`;
}

/** The CBS code of a municipality event's source, or null for any other producer. */
export function municipalityOfSource(source: string): string | null {
  const match = /^urn:nld:ketenpad:municipality:(GM\d{4})$/.exec(source);
  return match?.[1] ?? null;
}
