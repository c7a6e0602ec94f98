import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../principal';
import { principalOf } from './authenticated.request';

/**
 * The verified caller of a protected route. On a public route there is none:
 * asking for it there is a programming error and answers 401 rather than
 * handing the handler an undefined caller.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<object>());
  if (principal === undefined) throw new UnauthorizedException('this route needs an authenticated caller');
  return principal;
});
