/**
 * Erasure of a resident's personal data on their request (AVG art. 17). The
 * municipality erases its own at once and asks every other service by event;
 * each answers with its own `personal-data-erased`, and the request is
 * complete when all of them did.
 */

/** Every service that holds data of a pathway and answers an erasure request, in the order shown. */
export const ERASING_SERVICES = [
  'municipality',
  'social-work',
  'court-liaison',
  'gp',
  'timeline',
  'partner-gateway',
] as const;
export type ErasingService = (typeof ERASING_SERVICES)[number];

export interface PersonalDataErasure {
  readonly erasureId: string;
  readonly pathwayId: string;
  /** ISO instant of the request. */
  readonly requestedAt: string;
  /** The requester's opaque user id (token `sub`). */
  readonly requestedBy: string;
  /** When each service that already answered carried it out (ISO instant). */
  readonly completedAt: Readonly<Partial<Record<ErasingService, string>>>;
}

export interface ErasureProgress {
  /** `completed` once every service answered. */
  readonly status: 'pending' | 'completed';
  readonly services: ReadonlyArray<{ readonly service: ErasingService; readonly completedAt: string | null }>;
}

export function erasureProgress(erasure: PersonalDataErasure): ErasureProgress {
  const services = ERASING_SERVICES.map((service) => ({ service, completedAt: erasure.completedAt[service] ?? null }));
  return { status: services.every((s) => s.completedAt !== null) ? 'completed' : 'pending', services };
}

/** The service a `nl.ketenpad.<service>.personal-data-erased.v1` event comes from; undefined for any other type. */
export function erasingServiceOf(eventType: string): ErasingService | undefined {
  const match = /^nl\.ketenpad\.([a-z-]+)\.personal-data-erased\.v1$/.exec(eventType);
  return ERASING_SERVICES.find((service) => service === match?.[1]);
}
