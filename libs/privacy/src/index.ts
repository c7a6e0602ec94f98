export * from './resident-pseudonym';
