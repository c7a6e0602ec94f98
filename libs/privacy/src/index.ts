export * from './resident-pseudonym';
export * from './bsn';
