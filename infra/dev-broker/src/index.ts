export { MockCluster, librdkafkaProblem, type MockClusterOptions, type MockBrokerState } from './mock-cluster';
export { DevBrokerControl, type DevBrokerStatus, type DevBrokerBrokerStatus } from './control.client';
export { startControlServer, isLoopbackHost, isLoopbackHostHeader, isJsonContentType, type ControlServer, type ControlServerOptions } from './control.server';
export { KafkaApiKey, KafkaErrorCode } from './kafka.codes';
export {
  loadTopicPlan,
  parseTopicCatalogue,
  parseDeadLetterPolicy,
  withDeadLetterTopics,
  DEFAULT_TOPICS,
  DEFAULT_DEAD_LETTER_POLICY,
  DLQ_PARTITIONS,
  type TopicSpec,
  type DeadLetterPolicy,
} from './topic.plan';
export { runDevBroker, type RunDevBrokerOptions, type RunningDevBroker } from './main';
export { stateFilePath, readDevBrokerState, type DevBrokerReady } from './dev-broker.state';
export { startDevBroker, type DevBrokerHandle, type StartDevBrokerOptions } from './dev-broker.process';
