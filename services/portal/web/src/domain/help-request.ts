import { CODE_LISTS } from '@ketenpad/contracts';
import { normaliseBsn } from './bsn';

/**
 * How a help request came in: RegisterHelpRequestDto.channel
 * (services/municipality/src/domain/pathway/pathway.codes.ts, CHANNELS).
 */
export const CHANNELS = ['balie', 'telefoon', 'digitaal', 'verwijzing', 'vroegsignaal'] as const;

/** Threats that make a crisis in the sense of the Wgs: CrisisDto.type, from the contracts' code list. */
export const CRISIS_TYPES = CODE_LISTS.pathway.threat;

/** The form's text fields, named by their path in RegisterHelpRequestDto (so a 400's field errors land on them). */
export const CONTACT_FIELDS = ['name', 'phone', 'email'] as const;
export const ADDRESS_FIELDS = ['street', 'houseNumber', 'postalCode', 'city'] as const;

/** The body of `POST /api/v1/pathways` (RegisterHelpRequestDto), built from the form's values; empty values are left out. */
export interface HelpRequestBody {
  bsn: string;
  channel: string;
  crisis?: { type: string };
  contact?: {
    name?: string;
    phone?: string;
    email?: string;
    address?: { street?: string; houseNumber?: string; postalCode?: string; city?: string };
  };
  requestedAt?: string;
}

/**
 * `requestedAt` for a date the request came in: noon of that day (any time
 * zone keeps it on the same date), left out for today, when the service uses
 * "now" and the Wgs term starts at the moment of registration.
 */
export function requestedAtOf(date: string, today: string): string | undefined {
  if (!date || date === today) return undefined;
  return new Date(`${date}T12:00:00`).toISOString();
}

export function helpRequestBody(value: (name: string) => string, today: string): HelpRequestBody {
  const contact: NonNullable<HelpRequestBody['contact']> = {};
  for (const key of CONTACT_FIELDS) if (value(`contact.${key}`)) contact[key] = value(`contact.${key}`);
  const address: NonNullable<NonNullable<HelpRequestBody['contact']>['address']> = {};
  for (const key of ADDRESS_FIELDS) if (value(`contact.address.${key}`)) address[key] = value(`contact.address.${key}`);
  if (Object.keys(address).length > 0) contact.address = address;
  const crisis = value('crisis');
  const requestedAt = requestedAtOf(value('requestedAt'), today);
  return {
    bsn: normaliseBsn(value('bsn')),
    channel: value('channel'),
    ...(crisis ? { crisis: { type: crisis } } : {}),
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
    ...(requestedAt ? { requestedAt } : {}),
  };
}

/**
 * The service's 400 names fields by their path in the body; the form shows
 * `crisis.type` at the crisis question, the others at the field of that path.
 */
export function formFieldOf(path: string): string {
  return path === 'crisis.type' ? 'crisis' : path;
}

/**
 * The service's field errors per form field. The services answer in English
 * (class-validator); where the catalogue has a Dutch sentence for the field
 * (`dutch(field)`), the form shows that instead, else the service's words.
 */
export function byFormField(
  fieldErrors: Record<string, string[]>,
  dutch: (field: string) => string | undefined = () => undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const field = formFieldOf(path);
    const text = dutch(field);
    out[field] = text ? [text] : [...(out[field] ?? []), ...messages];
  }
  return out;
}
