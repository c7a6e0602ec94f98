import { readFileSync } from 'node:fs';
import {
  MUNICIPALITY_CODE,
  ORGANISATION_ID,
  ORGANISATION_KINDS,
  RESERVED_ORGANISATION_IDS,
  isOrganisationKind,
  type OrganisationKind,
  type Principal,
} from './principal';

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

export function findOrganisation(
  orgId: string,
  directory: readonly DirectoryOrganisation[] = DEV_ORGANISATIONS,
): DirectoryOrganisation | undefined {
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
    return kindOverride === 'municipality'
      ? { id: orgId, kind: kindOverride, name: orgId, municipalityCode: orgId }
      : { id: orgId, kind: kindOverride, name: orgId };
  }
  if (kindOverride === undefined || kindOverride === known.kind) return known;
  // Another kind than the directory says: keep the municipality binding only where it still makes sense.
  return kindOverride === 'municipality'
    ? { ...known, kind: kindOverride, municipalityCode: known.id }
    : { ...known, kind: kindOverride };
}

/**
 * The organisation directory of a production deployment, read from the JSON
 * file `AUTH_ORGANISATION_DIRECTORY` names: `{ "organisations": [{ "id", "kind",
 * "name", "municipalityCode"? }] }`. Every entry is checked as strictly as a
 * token's claims (id form, kind, a municipality's id is its CBS code, no
 * reserved id, no id twice), and every problem is reported at once.
 */
export function readOrganisationDirectory(path: string): DirectoryOrganisation[] {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot be read as JSON (${path}): ${(error as Error).message}`);
  }
  const entries = (document as { organisations?: unknown } | null)?.organisations;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new Error(`must hold a non-empty "organisations" array (${path})`);
  const problems: string[] = [];
  const seen = new Set<string>();
  const organisations = entries.flatMap((entry: unknown, index): DirectoryOrganisation[] => {
    const found = directoryEntryProblems(entry);
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && seen.has(id.toUpperCase())) found.push(`"${id}" is listed twice`);
    if (typeof id === 'string') seen.add(id.toUpperCase());
    problems.push(...found.map((problem) => `organisations[${index}]: ${problem}`));
    return found.length === 0 ? [entry as DirectoryOrganisation] : [];
  });
  if (problems.length > 0) throw new Error(`has invalid entries (${path}): ${problems.join('; ')}`);
  return organisations.map(({ id, kind, name, municipalityCode }) =>
    municipalityCode === undefined ? { id, kind, name } : { id, kind, name, municipalityCode },
  );
}

function directoryEntryProblems(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null) return ['must be an object'];
  const { id, kind, name, municipalityCode } = entry as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof id !== 'string' || !ORGANISATION_ID.test(id)) problems.push('"id" must be letters, digits and dashes');
  else if (RESERVED_ORGANISATION_IDS.includes(id.toLowerCase()))
    problems.push(`"id" "${id}" is reserved for the platform`);
  if (!isOrganisationKind(kind)) problems.push(`"kind" must be one of ${ORGANISATION_KINDS.join(', ')}`);
  if (typeof name !== 'string' || name.trim() === '') problems.push('"name" must be a non-empty text');
  if (
    municipalityCode !== undefined &&
    (typeof municipalityCode !== 'string' || !MUNICIPALITY_CODE.test(municipalityCode))
  )
    problems.push('"municipalityCode" must be a CBS code like GM0363');
  if (
    kind === 'municipality' &&
    (typeof id !== 'string' || !MUNICIPALITY_CODE.test(id) || (municipalityCode ?? id) !== id)
  )
    problems.push("a municipality's id (and municipalityCode) must be its CBS code");
  return problems;
}

/**
 * Why `principal` does not match the organisation directory, or undefined when
 * it does: the token's organisation must be listed (same id, exactly), with the
 * same kind, and a municipality claim must be the one the directory records.
 * An identity provider that issues a token for an organisation Ketenpad does
 * not know (or for a service-level id) is refused instead of trusted.
 */
export function directoryMismatch(
  principal: Principal,
  directory: readonly DirectoryOrganisation[],
): string | undefined {
  const { id, kind, municipalityCode } = principal.organisation;
  const listed = directory.find((organisation) => organisation.id === id);
  if (listed === undefined) return `organisation "${id}" is not in the organisation directory`;
  if (listed.kind !== kind)
    return `organisation "${id}" is a ${listed.kind} organisation in the directory, not a ${kind} organisation`;
  if (
    municipalityCode !== undefined &&
    municipalityCode !== (listed.municipalityCode ?? (kind === 'municipality' ? id : undefined))
  )
    return `organisation "${id}" does not serve municipality ${municipalityCode} according to the directory`;
  return undefined;
}
