/**
 * Checks a document against the official DDAS SHV v1.0 Uitwisselmodel schema.
 * Implemented by adapters/ddas/ddas-schema.validator.ts.
 */
export abstract class DdasDeliveryValidator {
  /** The schema violations of `document` ('<path> <message>'); empty when it is valid. */
  abstract problemsOf(document: unknown): readonly string[];
}

/**
 * Checks a document against the official DDAS vroegsignalering v0.9
 * Uitwisselmodel schema. Implemented by adapters/ddas/ddas-schema.validator.ts.
 */
export abstract class DdasEarlySignalDeliveryValidator {
  /** The schema violations of `document` ('<path> <message>'); empty when it is valid. */
  abstract problemsOf(document: unknown): readonly string[];
}
