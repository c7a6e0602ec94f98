import { findOrganisation, principalFromClaims } from '@ketenpad/auth';
import type { SessionUser } from '../session/session.store';

/**
 * The user as the app may see them, from the claims of a token the portal got
 * itself (from the dev issuer or over the back channel from the OIDC provider),
 * checked with the same claim rules the services apply.
 */
export function sessionUserOf(accessToken: string): SessionUser {
  const payload = decodeJwtPayload(accessToken);
  const principal = principalFromClaims(payload);
  const known = findOrganisation(principal.organisation.id);
  const name = typeof payload.org_name === 'string' ? payload.org_name : (known?.name ?? principal.organisation.id);
  return {
    subject: principal.subject,
    organisation: {
      id: principal.organisation.id,
      kind: principal.organisation.kind,
      name,
      ...(principal.organisation.municipalityCode !== undefined
        ? { municipalityCode: principal.organisation.municipalityCode }
        : {}),
    },
    roles: [...principal.roles],
  };
}

export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Expiry of a JWT in ms since epoch (its `exp`), or `fallbackMs` from now. */
export function expiryOf(token: string, fallbackMs: number): number {
  const exp = decodeJwtPayload(token).exp;
  return typeof exp === 'number' ? exp * 1000 : Date.now() + fallbackMs;
}
