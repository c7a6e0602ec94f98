/** Injection token of the {@link GpStore} port (an interface, so it needs a token). */
export const GP_STORE = Symbol('gp.store');

/** Injection token of the {@link PathwayPrivacyStore} port. */
export const PATHWAY_PRIVACY_STORE = Symbol('gp.pathway-privacy-store');
