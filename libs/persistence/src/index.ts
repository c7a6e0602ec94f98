export * from './data-source.factory';
export * from './migration.convention';
export * from './transaction';
export * from './health';
export { serviceDatabaseName, quoteIdentifier, pgErrorCode } from './database.provisioner';
