import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@ketenpad/auth';

/** The caller's court-liaison organisation id; every case and referral is scoped to it. */
export function courtLiaisonOf(principal: Principal): string {
  // @RequireRoles('court-liaison') already implies the kind; fail closed anyway.
  if (principal.organisation.kind !== 'court-liaison')
    throw new ForbiddenException('only a court liaison works with court cases');
  return principal.organisation.id;
}
