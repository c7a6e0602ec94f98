import { ORGANISATION_KINDS, isOrganisationKind, type OrganisationKind } from './principal';

/** An organisation known to the development stack. */
export interface DirectoryOrganisation {
  /** Organisation id as it appears in `org_id`; a municipality's is its CBS code. */
  id: string;
  kind: OrganisationKind;
  name: string;
  /** CBS code of the municipality it is or serves, if any. */
  municipalityCode?: string;
}

/**
 * Organisations of the development stack, so `ketenpad token --org GM0363
 * --role counsellor` can find the kind. Data only; production tokens come from
 * the real identity provider with their own claims.
 */
export const DEV_ORGANISATIONS: readonly DirectoryOrganisation[] = [
  { id: 'GM0363', kind: 'municipality', name: 'Gemeente Amsterdam', municipalityCode: 'GM0363' },
  { id: 'GM0344', kind: 'municipality', name: 'Gemeente Utrecht', municipalityCode: 'GM0344' },
  { id: 'GM0599', kind: 'municipality', name: 'Gemeente Rotterdam', municipalityCode: 'GM0599' },
  { id: 'SW-AMS', kind: 'social-work', name: 'Maatschappelijk werk Amsterdam', municipalityCode: 'GM0363' },
  { id: 'RB-AMS', kind: 'court-liaison', name: 'Rechtbank Amsterdam, schuldenloket', municipalityCode: 'GM0363' },
  { id: 'HA-0001', kind: 'gp', name: 'Huisartsenpraktijk De Pijp', municipalityCode: 'GM0363' },
  { id: 'PT-WOONSTAD', kind: 'partner', name: 'Woonstad Rotterdam (woningcorporatie)' },
  { id: 'KR-001', kind: 'coordinator', name: 'Ketenregie schuldhulpverlening' },
];

export class UnknownOrganisationError extends Error {
  constructor(orgId: string, known: readonly DirectoryOrganisation[]) {
    super(
      `Unknown organisation "${orgId}". Known organisations: ${known.map((o) => `${o.id} (${o.kind}, ${o.name})`).join('; ')}. ` +
        `Pass a kind (${ORGANISATION_KINDS.join(', ')}) to use another organisation.`,
    );
    this.name = 'UnknownOrganisationError';
  }
}

export function findOrganisation(orgId: string, directory: readonly DirectoryOrganisation[] = DEV_ORGANISATIONS): DirectoryOrganisation | undefined {
  return directory.find((organisation) => organisation.id.toUpperCase() === orgId.toUpperCase());
}

/**
 * The organisation `orgId`, with `kindOverride` replacing the directory's kind.
 * An organisation missing from the directory is accepted only with an explicit
 * kind (a municipality then takes its CBS code from the id).
 */
export function resolveOrganisation(
  orgId: string,
  kindOverride?: string,
  directory: readonly DirectoryOrganisation[] = DEV_ORGANISATIONS,
): DirectoryOrganisation {
  if (kindOverride !== undefined && !isOrganisationKind(kindOverride)) {
    throw new Error(`Unknown organisation kind "${kindOverride}"; use one of ${ORGANISATION_KINDS.join(', ')}`);
  }
  const known = findOrganisation(orgId, directory);
  if (known === undefined) {
    if (kindOverride === undefined) throw new UnknownOrganisationError(orgId, directory);
    return kindOverride === 'municipality' ? { id: orgId, kind: kindOverride, name: orgId, municipalityCode: orgId } : { id: orgId, kind: kindOverride, name: orgId };
  }
  if (kindOverride === undefined || kindOverride === known.kind) return known;
  // Another kind than the directory says: keep the municipality binding only where it still makes sense.
  return kindOverride === 'municipality' ? { ...known, kind: kindOverride, municipalityCode: known.id } : { ...known, kind: kindOverride };
}
