/** Injection token of the service's `ServiceConfig`. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** Injection token of the service's `ServiceDatabase` (data source + close). */
export const SERVICE_DATABASE = Symbol('SERVICE_DATABASE');
/** Injection token of the service's kafkajs client (shared by producer and consumers). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
