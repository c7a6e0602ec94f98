/** Injection token of the {@link PathwayPrivacyStore} port (an interface, so it needs a token). */
export const PATHWAY_PRIVACY_STORE = Symbol('court-liaison.pathway-privacy-store');
