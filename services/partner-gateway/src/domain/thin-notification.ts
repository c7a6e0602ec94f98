/** The chain event a notification is about: its envelope attributes, never its data. */
export interface NotifiedEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly pathwayId: string;
  readonly classification: string;
}

/**
 * A thin notification ("arme notificatie"): CloudEvents 1.0 JSON that says
 * what happened on which pathway and where the entitled partner can fetch the
 * details with its own token. No `data`, so nothing personal or sensitive
 * travels to the callback; no `subject` (NL GOV profile: no personal data).
 */
export interface ThinNotification {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly pathwayid: string;
  readonly classification: string;
  /** URL of the event's details: `GET` with the partner's bearer token (access-logged). */
  readonly dataref: string;
  /** Only on a test notification (see {@link testNotification}): `true`. Never on a chain event's. */
  readonly test?: true;
}

export function thinNotification(event: NotifiedEvent, publicUrl: string): ThinNotification {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    time: event.time,
    datacontenttype: 'application/json',
    pathwayid: event.pathwayId,
    classification: event.classification,
    dataref: `${publicUrl.replace(/\/+$/, '')}/api/v1/notifications/${event.id}`,
  };
}

/** The type of a test notification: no chain event has it. */
export const TEST_NOTIFICATION_TYPE = 'nl.ketenpad.partner-gateway.test-notification.v1';
/** The pathway of a test notification: the nil UUID, no pathway at all. */
export const NO_PATHWAY = '00000000-0000-0000-0000-000000000000';

/**
 * A test notification a partner asks for to try its endpoint: shaped and
 * signed exactly like a real one, marked with `test: true`, of its own type,
 * about no pathway (the nil UUID), and its `dataref` is the subscription it
 * was sent for (readable with the partner's token), so a receiver that follows
 * every `dataref` gets an answer.
 */
export function testNotification(
  subscriptionId: string,
  id: string,
  at: Date,
  source: string,
  publicUrl: string,
): ThinNotification {
  return {
    specversion: '1.0',
    id,
    source,
    type: TEST_NOTIFICATION_TYPE,
    time: at.toISOString(),
    datacontenttype: 'application/json',
    pathwayid: NO_PATHWAY,
    classification: 'chain',
    dataref: `${publicUrl.replace(/\/+$/, '')}/api/v1/subscriptions/${subscriptionId}`,
    test: true,
  };
}
