import { DEV_ORGANISATIONS, DevIssuer, isRole, type Role } from '@ketenpad/auth';

/** A dev organisation and the roles that make sense for it. */
export interface DevOrganisation {
  id: string;
  kind: string;
  name: string;
  roles: Role[];
}

const ROLES_OF_KIND: Readonly<Record<string, Role[]>> = {
  municipality: ['counsellor', 'admin'],
  'social-work': ['social-worker'],
  'court-liaison': ['court-liaison'],
  gp: ['gp'],
  partner: ['partner'],
  coordinator: ['coordinator'],
};

/** Lifetime of a development token; the portal issues a new one before it runs out. */
export const DEV_TOKEN_TTL_SECONDS = 60 * 60;

export class DevSignInError extends Error {
  constructor(
    readonly field: 'orgId' | 'role',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The development sign-in: any organisation of the dev directory with one of its
 * roles, with a token from the dev issuer that every local service accepts.
 * `DevIssuer.open` itself refuses production; the portal does not offer it there.
 */
export class DevSignIn {
  private issuer: Promise<DevIssuer> | undefined;

  organisations(): DevOrganisation[] {
    return DEV_ORGANISATIONS.map((o) => ({ id: o.id, kind: o.kind, name: o.name, roles: ROLES_OF_KIND[o.kind] ?? [] }));
  }

  async token(orgId: unknown, role: unknown): Promise<string> {
    const organisation = typeof orgId === 'string' ? this.organisations().find((o) => o.id === orgId) : undefined;
    if (!organisation) throw new DevSignInError('orgId', 'orgId must be one of the development organisations');
    if (!isRole(role) || !organisation.roles.includes(role))
      throw new DevSignInError('role', `role must be one of ${organisation.roles.join(', ')} for ${organisation.id}`);
    this.issuer ??= DevIssuer.open();
    return (await this.issuer).issueFor(organisation.id, [role], {
      subject: `dev:${organisation.id}:${role}`,
      ttlSeconds: DEV_TOKEN_TTL_SECONDS,
    });
  }
}
