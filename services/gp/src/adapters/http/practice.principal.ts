import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@ketenpad/auth';

/** The caller's practice id; only GP practices work here (the `gp` role already implies it; fail closed anyway). */
export function practiceOf(principal: Principal): string {
  if (principal.organisation.kind !== 'gp') throw new ForbiddenException('only a GP practice works with patients and referrals here');
  return principal.organisation.id;
}
