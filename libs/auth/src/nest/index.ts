export * from './auth.module';
export * from './jwt-auth.guard';
export * from './require-roles.decorator';
export * from './current-principal.decorator';
export * from './municipality.scope';
export { principalOf } from './authenticated.request';
