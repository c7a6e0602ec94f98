import type { Principal } from '../principal';

/** Symbol so the principal cannot be set from request data (headers, body, query). */
const PRINCIPAL = Symbol('ketenpad.principal');

export function attachPrincipal(request: object, principal: Principal): void {
  Object.defineProperty(request, PRINCIPAL, { value: principal, enumerable: false, configurable: false, writable: false });
}

export function principalOf(request: object): Principal | undefined {
  return (request as { [PRINCIPAL]?: Principal })[PRINCIPAL];
}
