import type { Principal } from './principal';

/**
 * Whether `principal` may reach pathways of the municipality `municipalityCode`.
 *
 * - An organisation bound to a municipality (every municipality, and e.g. a
 *   social-work team that serves one) reaches only that municipality.
 * - A chain coordinator without a municipality works chain-wide.
 * - Anyone else is refused: access for them is granted by referral and
 *   consent checks, not by municipality scope (fail closed).
 */
export function canAccessMunicipality(principal: Principal, municipalityCode: string): boolean {
  const own = principal.organisation.municipalityCode;
  if (own !== undefined) return own === municipalityCode;
  return principal.organisation.kind === 'coordinator';
}
