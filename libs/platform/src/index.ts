export * from './platform.tokens';
export * from './platform.module';
export * from './inbox.transport';
export * from './inbox.options';
export * from './service.runner';
export * from './access-log';
