/** Injection token of the {@link GpStore} port (an interface, so it needs a token). */
export const GP_STORE = Symbol('gp.store');
