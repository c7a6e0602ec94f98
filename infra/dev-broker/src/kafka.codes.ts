/**
 * Kafka protocol ApiKeys worth failing on purpose with
 * `POST /errors` / {@link DevBrokerControl.pushRequestErrors}.
 * Full list: https://kafka.apache.org/protocol#protocol_api_keys
 */
export const KafkaApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  SyncGroup: 14,
} as const;

/**
 * Retriable Kafka error codes a client must survive.
 * Full list: https://kafka.apache.org/protocol#protocol_error_codes
 */
export const KafkaErrorCode = {
  /** Producer retries after refreshing metadata. */
  NOT_LEADER_FOR_PARTITION: 6,
  /** Broker gave up waiting; the request may or may not have been applied. */
  REQUEST_TIMED_OUT: 7,
  /** Transient network failure on the broker side. */
  NETWORK_EXCEPTION: 13,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  /** Consumer must find the group coordinator again (OffsetCommit/Heartbeat). */
  NOT_COORDINATOR: 16,
  /** Consumer group is rebalancing: Heartbeat/OffsetCommit answer this. */
  REBALANCE_IN_PROGRESS: 27,
} as const;
