export * from './principal';
export * from './auth.errors';
export * from './auth.config';
export * from './token.verifier';
export * from './dev-issuer';
export * from './organisation.directory';
export * from './municipality.scope';
export * from './nest';
