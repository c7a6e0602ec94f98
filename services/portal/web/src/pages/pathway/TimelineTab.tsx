import { Heading, Paragraph, StatusBadge } from '@utrecht/component-library-react';
import { memo } from 'react';
import { useOrganisationName } from '../../components/OrganisationName';
import { dateTime } from '../../domain/format';
import type { ChainEvent } from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { useEventText } from './event-text';

/** The chain timeline: every event the reader may see, oldest first, as an ordered list. */
export const TimelineTab = memo(function TimelineTab({ events }: { events: readonly ChainEvent[] }) {
  const { t } = useT();
  return (
    <section aria-labelledby="timeline-title" className="kp-section">
      <Heading level={2} id="timeline-title">
        {t('pathway.timeline.title')}
      </Heading>
      <Paragraph>{t('pathway.timeline.intro', { count: events.length })}</Paragraph>
      {events.length === 0 ? (
        <Paragraph>{t('pathway.timeline.empty')}</Paragraph>
      ) : (
        <ol className="kp-timeline" aria-labelledby="timeline-title">
          {events.map((event) => (
            <TimelineEntry key={event.eventId} event={event} />
          ))}
        </ol>
      )}
    </section>
  );
});

/** An event is a fact that never changes: an entry renders once, however often the timeline is refetched. */
const TimelineEntry = memo(
  function TimelineEntry({ event }: { event: ChainEvent }) {
    const { t, tOr, locale } = useT();
    const organisationName = useOrganisationName();
    const eventText = useEventText();
    const { text, translated } = eventText(event);
    return (
      <li className="kp-timeline__item">
        <time dateTime={event.occurredAt} className="kp-timeline__time">
          {dateTime(event.occurredAt, locale)}
        </time>
        <span className="kp-timeline__what" lang={translated ? undefined : 'en'}>
          {text}
        </span>
        <span className="kp-timeline__who">{organisationName(event.source)}</span>
        <span className="kp-timeline__class">
          <StatusBadge status="neutral">
            <span className="kp-visually-hidden">{t('pathway.timeline.classification')} </span>
            {tOr(`classification.${event.classification}` as AnyMessageKey, event.classification)}
          </StatusBadge>
        </span>
      </li>
    );
  },
  (before, after) => before.event.eventId === after.event.eventId,
);
