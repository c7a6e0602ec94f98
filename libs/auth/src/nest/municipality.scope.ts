import { NotFoundException } from '@nestjs/common';
import { canAccessMunicipality } from '../municipality.scope';
import type { Principal } from '../principal';

/**
 * For services: stop unless `principal` may reach the municipality a
 * pathway belongs to (rules in `canAccessMunicipality`).
 *
 * Throws 404, not 403, on purpose: a counsellor of Utrecht asking for an
 * Amsterdam pathway gets the same answer as for a pathway that does not
 * exist, so pathway ids cannot be probed across municipalities. Pass the
 * same message the service uses for a truly unknown pathway.
 */
export function assertMunicipalityAccess(principal: Principal, municipalityCode: string, notFoundMessage = 'pathway not found'): void {
  if (!canAccessMunicipality(principal, municipalityCode)) throw new NotFoundException(notFoundMessage);
}
