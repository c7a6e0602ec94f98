export * from './resident-pseudonym';
export * from './bsn';
export * from './need-to-know.policy';
export * from './identifying-data';
