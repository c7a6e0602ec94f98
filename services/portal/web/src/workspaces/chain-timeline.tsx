import { Heading, Paragraph } from '@utrecht/component-library-react';
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, useLiveUpdates } from '../api/client';
import { ErrorState, isNotFound, Loading } from '../components/States';
import { clockTime } from '../domain/format';
import type { ChainTimeline } from '../domain/pathway';
import { useT } from '../i18n/i18n';
import { useEventText } from '../pages/pathway/event-text';
import { TimelineTab } from '../pages/pathway/TimelineTab';

/**
 * A chain partner's view of a pathway's chain timeline, live: the timeline as
 * far as need-to-know lets the organisation read it (the same query key as the
 * counsellor's page, so live updates refresh it), and a polite announcement of
 * the latest change for screen readers. `announce` words it: the latest event in
 * words (undefined when the timeline has none yet) and the clock time.
 */
export function useLiveChainTimeline(
  pathwayId: string,
  options: { enabled: boolean; announce: (what: string | undefined, time: string) => string },
): { chain: UseQueryResult<ChainTimeline>; announcement: string } {
  const { locale } = useT();
  const queryClient = useQueryClient();
  const eventText = useEventText();
  const [announcement, setAnnouncement] = useState('');
  const chain = useQuery({
    queryKey: ['pathway', pathwayId, 'timeline'],
    queryFn: () => apiGet<ChainTimeline>('timeline', `/pathways/${pathwayId}/timeline`),
    enabled: options.enabled,
  });
  useLiveUpdates(pathwayId, () => {
    const latest = queryClient.getQueryData<ChainTimeline>(['pathway', pathwayId, 'timeline'])?.events.at(-1);
    setAnnouncement(options.announce(latest ? eventText(latest).text : undefined, clockTime(new Date(), locale)));
  });
  return { chain, announcement };
}

/** The chain timeline section of a partner's pathway page: the events, or why they are not there. */
export function ChainTimelineSection({
  chain,
  notYet,
  note,
}: {
  chain: UseQueryResult<ChainTimeline>;
  /** Said when the timeline does not know the pathway (yet); without it, that is an error like any other. */
  notYet?: string;
  /** A line under the events (e.g. what need-to-know leaves out). */
  note?: string;
}) {
  const { t } = useT();
  if (chain.data)
    return (
      <>
        <TimelineTab events={chain.data.events} />
        {note && <Paragraph className="kp-muted">{note}</Paragraph>}
      </>
    );
  if (chain.isPending) return <Loading label={t('pathway.loading')} />;
  if (notYet && isNotFound(chain.error))
    return (
      <section aria-labelledby="timeline-title" className="kp-section">
        <Heading level={2} id="timeline-title">
          {t('pathway.timeline.title')}
        </Heading>
        <Paragraph>{notYet}</Paragraph>
      </section>
    );
  return <ErrorState error={chain.error} retry={() => void chain.refetch()} />;
}
