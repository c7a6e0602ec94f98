/** Injection token of the service's `HttpConfig`. */
export const HTTP_CONFIG = Symbol('ketenpad.http-config');
