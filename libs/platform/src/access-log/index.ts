export * from './access-log';
export * from './access-log.migration';
