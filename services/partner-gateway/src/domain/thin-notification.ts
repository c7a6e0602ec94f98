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
