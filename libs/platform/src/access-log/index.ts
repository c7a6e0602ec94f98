export * from './access-log';
export * from './access-log.migration';
export * from './chain-pathway.repository';
export * from './pathway-access-log.controller';
export * from './pathway-access-log.query';
