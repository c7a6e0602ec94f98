import { BadRequestException } from '@nestjs/common';

/** Instants more than this far ahead of the server clock are refused as typos. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** A given instant that is not in the future (400 otherwise), or `undefined` when none was given. */
export function pastInstant(value: string | undefined, field: string, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new BadRequestException(`${field} cannot be in the future`);
  return at;
}
