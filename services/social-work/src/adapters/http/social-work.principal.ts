import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@ketenpad/auth';

/** The caller's social-work organisation id (e.g. `SW-AMS`); every record it touches is scoped to it. */
export function socialWorkOrganisationOf(principal: Principal): string {
  // @RequireRoles('social-worker') already implies a social-work organisation; fail closed anyway.
  if (principal.organisation.kind !== 'social-work') throw new ForbiddenException('only a social-work organisation works with referrals here');
  return principal.organisation.id;
}
