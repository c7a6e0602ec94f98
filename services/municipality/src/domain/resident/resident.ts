import type { Bsn } from '../bsn';

/** Postal address of a resident (all parts optional: a counsellor records what is known). */
export interface ResidentAddress {
  readonly street?: string;
  readonly houseNumber?: string;
  readonly postalCode?: string;
  readonly city?: string;
}

/** How the municipality can reach the resident. */
export interface ResidentContact {
  readonly name?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: ResidentAddress;
}

/**
 * The person behind a pathway. Lives only in the municipality's database,
 * encrypted with the pathway's data key; never in an event.
 */
export interface Resident {
  readonly bsn: Bsn;
  readonly contact: ResidentContact;
}
