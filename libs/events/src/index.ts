export * from './envelope';
export * from './event.builder';
export * from './event.codec';
export * from './event.provenance';
