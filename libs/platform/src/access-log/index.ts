export * from './access-log';
export * from './access-log.migration';
export * from './pathway-access-log.query';
