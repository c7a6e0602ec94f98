import { SetMetadata } from '@nestjs/common';
import type { Role } from '../principal';

export const REQUIRED_ROLES = 'ketenpad:required-roles';

/**
 * The caller needs at least one of `roles` (403 otherwise). On a controller
 * it applies to every handler; a handler's own `@RequireRoles` replaces it.
 */
export const RequireRoles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);
