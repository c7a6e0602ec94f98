import { useCallback } from 'react';
import { useOrganisationName } from '../../components/OrganisationName';
import { eventDescriptionKey } from '../../domain/event-description';
import type { ChainEvent } from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';

/**
 * An event of the chain timeline in Dutch (or English): the catalogue's text
 * for its type, with phases and organisations in words; the timeline
 * service's own English `summary` when the catalogue has no text for it.
 */
export function useEventText(): (event: ChainEvent) => { text: string; translated: boolean } {
  const { t, tOr, has } = useT();
  const organisationName = useOrganisationName();
  return useCallback(
    (event: ChainEvent) => {
      const { key, params, kind } = eventDescriptionKey(event);
      const words: Record<string, string> = {};
      for (const [name, value] of Object.entries(params))
        words[name] =
          kind[name] === 'phase'
            ? tOr(`phase.${value}` as AnyMessageKey, value)
            : kind[name] === 'organisation'
              ? organisationName(value)
              : kind[name] === 'decline-reason'
                ? tOr(`decline.${value}` as AnyMessageKey, value)
                : tOr(`code.${value}` as AnyMessageKey, value);
      if (has(key)) return { text: t(key as AnyMessageKey, words), translated: true };
      const plain = key.split('.').slice(0, 2).join('.');
      if (has(plain)) return { text: t(plain as AnyMessageKey), translated: true };
      return { text: event.summary, translated: false };
    },
    [t, tOr, has, organisationName],
  );
}
