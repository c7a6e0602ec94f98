import type { ChainEvent } from './pathway';
import { eventName } from './format';

/**
 * The catalogue key and parameters for an event's Dutch description: a key
 * with details when the event's data carries them (`event.phase-changed.to`,
 * "Fase gewijzigd naar {to}"), else the plain key (`event.phase-changed`).
 * Values stay codes here; the page turns phases and organisations into words.
 */
/** How a parameter becomes words: a phase, an organisation, a referral's decline reason or another code. */
export type ParamKind = 'phase' | 'organisation' | 'decline-reason' | 'code';

export function eventDescriptionKey(event: Pick<ChainEvent, 'type' | 'data'>): {
  key: string;
  params: Record<string, string>;
  kind: Record<string, ParamKind>;
} {
  const name = eventName(event.type);
  const data = event.data ?? {};
  const text = (field: string): string | undefined => {
    const value = data[field];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const detailed = (param: string, field: string, kind: ParamKind) => {
    const value = text(field);
    return value
      ? { key: `event.${name}.${param}`, params: { [param]: value }, kind: { [param]: kind } }
      : { key: `event.${name}`, params: {}, kind: {} };
  };
  switch (name) {
    case 'phase-changed':
      return detailed('to', 'to', 'phase');
    case 'referral-made':
      return detailed('to', 'toOrg', 'organisation');
    case 'intake-decided':
      return detailed('decision', 'decision', 'code');
    case 'pathway-closed':
      return detailed('reason', 'reason', 'code');
    case 'referral-declined':
      return detailed('reason', 'declineReason', 'decline-reason');
    case 'case-owner-changed':
      return detailed('owner', 'toOrg', 'organisation');
    default:
      return { key: `event.${name}`, params: {}, kind: {} };
  }
}
