export * from './contracts.paths';
export * from './topic.catalogue';
export * from './event-schema.registry';
export * from './contracts.ajv';
export * from './webhook.contract';
export * from './generated/events';
export { KETENPAD_EVENT_TYPES as eventTypeNames } from './generated/events';
