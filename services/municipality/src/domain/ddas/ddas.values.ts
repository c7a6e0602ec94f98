import { LocalDate } from '@ketenpad/calendar';
import type { DdasDatum } from './ddas.model';

// Value conversions both DDAS deliveries (SHV v1.0 and VS v0.9) share: they
// use the same `datum`, `bedrag` and `datum-tijd` definitions.

/** The Amsterdam calendar date of an instant (DDAS `datum`); undefined for none. */
export function day(instant: string | null | undefined): DdasDatum | undefined {
  return instant ? LocalDate.fromInstant(new Date(instant)).toString() : undefined;
}

/** Euro cents as whole euros (DDAS `bedrag`). */
export function euros(cents: number): number {
  return Math.round(cents / 100);
}

/** DDAS `datum-tijd` asks for YYYY-MM-DDTHH:MM:SSZ: whole seconds, UTC. */
export function deliveryTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nonEmpty<T>(items: readonly T[]): readonly T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** Drops absent fields: the schemas want a field left out, not null. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Like compact, but an object with nothing in it is absent altogether. */
export function present<T extends object>(value: T): T | undefined {
  const compacted = compact(value);
  return Object.keys(compacted).length > 0 ? compacted : undefined;
}
