import { useT } from '../../i18n/i18n';
import { eventNameOf } from './partner-api';

/** A subscription's event types in words: "every event", "everything of the municipality", or the event names. */
export function useEventTypeText() {
  const { t, tOr } = useT();
  return (pattern: string): string => {
    if (pattern === '*') return t('partner.types.all');
    const prefix = /^nl\.ketenpad\.([a-z0-9-]+)\.\*$/.exec(pattern);
    if (prefix) return t('partner.types.allOf', { producer: tOr(`service.${prefix[1]}`, prefix[1]!) });
    if (pattern.endsWith('*')) return pattern;
    const name = eventNameOf(pattern);
    return tOr(`event.${name}`, name);
  };
}

/** The list of a subscription's event types, each in words with its code. */
export function EventTypesSummary({ types }: { types: readonly string[] }) {
  const text = useEventTypeText();
  return (
    <ul className="kp-plain-list">
      {types.map((type) => (
        <li key={type}>
          {text(type)}
          {type !== '*' && <span className="kp-block kp-code kp-muted">{type}</span>}
        </li>
      ))}
    </ul>
  );
}
