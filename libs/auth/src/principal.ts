/** Kinds of organisation in the debt-assistance chain (DESIGN.md "Users"). */
export const ORGANISATION_KINDS = ['municipality', 'social-work', 'court-liaison', 'gp', 'partner', 'coordinator'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Organisation ids no organisation may have: the platform's services published under them (`urn:nld:ketenpad:gp:ketenpad`, still on topics; now `urn:nld:ketenpad:gp`). */
export const RESERVED_ORGANISATION_IDS: readonly string[] = ['ketenpad'];

export const ROLES = ['counsellor', 'social-worker', 'court-liaison', 'gp', 'partner', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The organisation kind a role belongs to. A token combining a role with
 * another kind of organisation (a GP claiming `counsellor`) is rejected:
 * roles decide what a caller may see, so they must fit who the caller is.
 * `admin` (null) administers its own organisation, whatever its kind.
 */
export const ROLE_ORGANISATION_KIND: Readonly<Record<Role, OrganisationKind | null>> = {
  counsellor: 'municipality',
  'social-worker': 'social-work',
  'court-liaison': 'court-liaison',
  gp: 'gp',
  partner: 'partner',
  coordinator: 'coordinator',
  admin: null,
};

/** Who is calling, taken from a verified bearer token. */
export interface Principal {
  /** The token's `sub`: a stable, opaque user id of the issuing identity provider. Not a BSN, name or e-mail. */
  subject: string;
  organisation: {
    /** `org_id`; for a municipality its CBS code, e.g. `GM0363`. */
    id: string;
    /** `org_kind`. */
    kind: OrganisationKind;
    /** CBS code of the municipality the organisation belongs to or serves (`municipality` claim); always set for municipalities. */
    municipalityCode?: string;
  };
  /** `roles`: at least one, no duplicates. */
  roles: Role[];
}

/** The claims Ketenpad reads from a token, as issued. */
export interface KetenpadClaims {
  sub: string;
  org_id: string;
  org_kind: OrganisationKind;
  roles: Role[];
  municipality?: string;
}

/** A token whose claims do not describe a valid principal. */
export class InvalidClaimsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidClaimsError';
  }
}

/** CBS municipality code: `GM` and four digits. */
export const MUNICIPALITY_CODE = /^GM\d{4}$/;
/** Organisation id: letters, digits and dashes, up to 64 characters. */
export const ORGANISATION_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const MAX_SUBJECT_LENGTH = 255;

export function isOrganisationKind(value: unknown): value is OrganisationKind {
  return typeof value === 'string' && (ORGANISATION_KINDS as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Builds a principal from a verified token's payload, strictly: any missing,
 * mistyped or inconsistent claim makes the whole token invalid (401), so no
 * half-understood identity reaches a handler.
 */
export function principalFromClaims(payload: Readonly<Record<string, unknown>>): Principal {
  const { sub, org_id: orgId, org_kind: kind, roles, municipality } = payload;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > MAX_SUBJECT_LENGTH) {
    throw new InvalidClaimsError('claim "sub" must be a non-empty string');
  }
  if (typeof orgId !== 'string' || !ORGANISATION_ID.test(orgId)) {
    throw new InvalidClaimsError('claim "org_id" must be an organisation id (letters, digits and dashes)');
  }
  // The services published their own answers (erasure confirmations) under `urn:nld:ketenpad:<kind>:ketenpad`
  // (now `urn:nld:ketenpad:<kind>`): that id names the platform, never an organisation, so no token may carry it.
  if (RESERVED_ORGANISATION_IDS.includes(orgId.toLowerCase()))
    throw new InvalidClaimsError(`claim "org_id" "${orgId}" is reserved for the platform's own services`);
  if (!isOrganisationKind(kind)) {
    throw new InvalidClaimsError(`claim "org_kind" must be one of ${ORGANISATION_KINDS.join(', ')}`);
  }
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new InvalidClaimsError('claim "roles" must be a non-empty array');
  }
  const checkedRoles: Role[] = [];
  for (const role of roles as unknown[]) {
    if (!isRole(role)) throw new InvalidClaimsError(`claim "roles" holds an unknown role; known roles are ${ROLES.join(', ')}`);
    if (checkedRoles.includes(role)) throw new InvalidClaimsError(`claim "roles" lists "${role}" twice`);
    const requiredKind = ROLE_ORGANISATION_KIND[role];
    if (requiredKind !== null && requiredKind !== kind) {
      throw new InvalidClaimsError(`role "${role}" belongs to a ${requiredKind} organisation, not to a ${kind} organisation`);
    }
    checkedRoles.push(role);
  }
  if (municipality !== undefined && (typeof municipality !== 'string' || !MUNICIPALITY_CODE.test(municipality))) {
    throw new InvalidClaimsError('claim "municipality" must be a CBS municipality code like GM0363');
  }
  let municipalityCode = municipality;
  if (kind === 'municipality') {
    // A municipality's organisation id is its CBS code (DESIGN.md), so the two cannot disagree.
    if (!MUNICIPALITY_CODE.test(orgId)) throw new InvalidClaimsError('a municipality\'s "org_id" must be its CBS code like GM0363');
    if (municipality !== undefined && municipality !== orgId) {
      throw new InvalidClaimsError('claim "municipality" must equal "org_id" for a municipality');
    }
    municipalityCode = orgId;
  }
  return {
    subject: sub,
    organisation: municipalityCode === undefined ? { id: orgId, kind } : { id: orgId, kind, municipalityCode },
    roles: checkedRoles,
  };
}

/** The claims that represent `principal` in a token (inverse of `principalFromClaims`). */
export function claimsForPrincipal(principal: Principal): KetenpadClaims {
  const claims: KetenpadClaims = {
    sub: principal.subject,
    org_id: principal.organisation.id,
    org_kind: principal.organisation.kind,
    roles: [...principal.roles],
  };
  if (principal.organisation.municipalityCode !== undefined) claims.municipality = principal.organisation.municipalityCode;
  return claims;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}
