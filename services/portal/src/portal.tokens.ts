/** Injection token of the portal's configuration. */
export const PORTAL_CONFIG = Symbol('portal.config');
