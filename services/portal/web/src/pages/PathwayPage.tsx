import {
  Alert,
  BreadcrumbNav,
  BreadcrumbNavLink,
  Heading,
  Paragraph,
  StatusBadge,
} from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { apiGet, useLiveUpdates, useSession } from '../api/client';
import { RouterAnchor } from '../components/RouterAnchor';
import { ErrorState, isNotFound, Loading, NotFound } from '../components/States';
import { clockTime, pathwayReference } from '../domain/format';
import type { ChainTimeline, MunicipalityPathway } from '../domain/pathway';
import { useDocumentTitle } from '../layout/document-title';
import { useT } from '../i18n/i18n';
import { AccessLogTab } from './pathway/AccessLogTab';
import { AdminActions } from './pathway/AdminActions';
import { ConsentsTab } from './pathway/ConsentsTab';
import { CounsellorActions } from './pathway/CounsellorActions';
import { useEventText } from './pathway/event-text';
import { PathwaySummary } from './pathway/PathwaySummary';
import { PhaseSteps } from './pathway/PhaseSteps';
import { ReferralsTab } from './pathway/ReferralsTab';
import { TimelineTab } from './pathway/TimelineTab';

const TABS = ['tijdlijn', 'doorverwijzingen', 'toestemmingen', 'inzage'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL = {
  tijdlijn: 'pathway.tab.timeline',
  doorverwijzingen: 'pathway.tab.referrals',
  toestemmingen: 'pathway.tab.consents',
  inzage: 'pathway.tab.accessLog',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a counsellor's new pathway may be missing from the chain timeline (projection lag) before the page says so. */
const TIMELINE_LAG_POLLS = 30;

/**
 * One pathway: the Wgs deadline, the DDAS phase and what can be done in it,
 * and the chain-wide timeline — live. The counsellor of the responsible
 * municipality also sees the municipality's own file; every other reader
 * (a coordinator, the privacy officer) only the chain's pseudonymous view.
 */
export function PathwayPage() {
  const { pathwayId = '' } = useParams();
  if (!UUID.test(pathwayId)) return <NotFound pathway />;
  return <Pathway key={pathwayId} pathwayId={pathwayId.toLowerCase()} />;
}

function Pathway({ pathwayId }: { pathwayId: string }) {
  const { t, locale } = useT();
  const session = useSession();
  const queryClient = useQueryClient();
  const eventText = useEventText();
  const [params] = useSearchParams();
  const user = session.data?.signedIn ? session.data.user : undefined;
  const municipality = user?.organisation.kind === 'municipality';
  // Only the counsellor may open the municipality's own file (the privacy officer gets 403 there).
  const counsellor = municipality && !!user?.roles.includes('counsellor');
  const admin = municipality && !!user?.roles.includes('admin') && !counsellor;
  const tabs = TABS.filter((tab) => tab !== 'inzage' || municipality);
  const tab: Tab = (tabs as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'tijdlijn';
  const [announcement, setAnnouncement] = useState('');
  useDocumentTitle(t('pathway.title', { reference: pathwayReference(pathwayId) }));

  const own = useQuery({
    queryKey: ['pathway', pathwayId, 'municipality'],
    queryFn: () => apiGet<MunicipalityPathway>('municipality', `/pathways/${pathwayId}`),
    enabled: counsellor,
  });
  const chain = useQuery({
    queryKey: ['pathway', pathwayId, 'timeline'],
    queryFn: () => apiGet<ChainTimeline>('timeline', `/pathways/${pathwayId}/timeline`),
    // A pathway the municipality has just opened reaches the timeline a moment later:
    // while the municipality knows it and the timeline not yet, ask again every second.
    refetchInterval: (query) =>
      counsellor && own.data && isNotFound(query.state.error) && query.state.errorUpdateCount < TIMELINE_LAG_POLLS
        ? 1_000
        : false,
  });

  // Live: another organisation acted (e.g. social work accepted the referral). The hook
  // refetches this pathway's queries; then the region below says what changed.
  useLiveUpdates(
    pathwayId,
    useCallback(() => {
      const latest = queryClient.getQueryData<ChainTimeline>(['pathway', pathwayId, 'timeline'])?.events.at(-1);
      setAnnouncement(
        t('pathway.updated', {
          what: latest ? eventText(latest).text : t('pathway.updatedSomething'),
          time: clockTime(new Date(), locale),
        }),
      );
    }, [queryClient, pathwayId, t, locale, eventText]),
  );

  const waitingForTimeline = counsellor && !!own.data && isNotFound(chain.error);
  if (session.isPending || (counsellor && own.isPending) || (chain.isPending && !waitingForTimeline))
    return <Loading label={t('pathway.loading')} />;
  // Not there, or not for this reader: the same page either way.
  if (counsellor ? isNotFound(own.error) : isNotFound(chain.error)) return <NotFound pathway />;
  if (counsellor && own.isError && !chain.data)
    return (
      <PageError
        title={t('pathway.title', { reference: pathwayReference(pathwayId) })}
        error={own.error}
        retry={() => void own.refetch()}
      />
    );
  if (!counsellor && chain.isError)
    return (
      <PageError
        title={t('pathway.title', { reference: pathwayReference(pathwayId) })}
        error={chain.error}
        retry={() => void chain.refetch()}
      />
    );

  const summary = chain.data?.pathway;
  const pathway = own.data;
  const phase = pathway?.phase ?? summary?.phase ?? null;
  const closed = pathway ? pathway.status === 'closed' : !!summary?.closedAt;

  return (
    <article aria-labelledby="pathway-title" className="kp-pathway">
      {municipality && (
        <BreadcrumbNav label={t('pathway.breadcrumb')} className="kp-breadcrumb">
          <BreadcrumbNavLink href="/werkvoorraad" Link={RouterAnchor} index={0} rel="up">
            {t('caseload.title')}
          </BreadcrumbNavLink>
          <BreadcrumbNavLink href={`/trajecten/${pathwayId}`} Link={RouterAnchor} index={1} current>
            {t('pathway.title', { reference: pathwayReference(pathwayId) })}
          </BreadcrumbNavLink>
        </BreadcrumbNav>
      )}
      <div className="kp-page-title">
        <Heading level={1} id="pathway-title">
          {t('pathway.title', { reference: pathwayReference(pathwayId) })}
        </Heading>
        <StatusBadge status="neutral">
          {closed
            ? t('pathway.status.closed')
            : pathway?.status === 'signalled'
              ? t('pathway.status.signalled')
              : t('pathway.status.open')}
        </StatusBadge>
      </div>
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {summary?.mergedInto && (
        <Alert type="info">
          <Paragraph>
            {t('pathway.merged')}{' '}
            <Link className="utrecht-link utrecht-link--html-a" to={`/trajecten/${summary.mergedInto}`}>
              {t('pathway.mergedLink', { reference: pathwayReference(summary.mergedInto) })}
            </Link>
          </Paragraph>
        </Alert>
      )}
      {own.isError && <ErrorState error={own.error} retry={() => void own.refetch()} />}
      {phase && <PhaseSteps phase={phase} closed={closed} />}

      <PathwaySummary summary={summary} own={pathway} />
      {pathway && counsellor && <CounsellorActions pathway={pathway} />}
      {admin && <AdminActions pathwayId={pathwayId} />}

      <nav aria-label={t('pathway.tabs')} className="kp-tabs">
        <ul>
          {tabs.map((name) => (
            <li key={name}>
              <Link
                className="kp-tabs__link"
                to={{ search: name === 'tijdlijn' ? '' : `?tab=${name}` }}
                aria-current={tab === name ? 'page' : undefined}
                replace
              >
                {t(TAB_LABEL[name])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {tab === 'inzage' ? (
        <AccessLogTab pathwayId={pathwayId} />
      ) : !chain.data ? (
        waitingForTimeline && chain.errorUpdateCount < TIMELINE_LAG_POLLS ? (
          <Loading label={t('pathway.timeline.waiting')} />
        ) : (
          <ErrorState error={chain.error} retry={() => void chain.refetch()} />
        )
      ) : tab === 'doorverwijzingen' ? (
        <ReferralsTab referrals={chain.data.pathway.referrals} own={pathway} />
      ) : tab === 'toestemmingen' ? (
        <ConsentsTab consents={chain.data.pathway.consents} own={pathway} />
      ) : (
        <TimelineTab events={chain.data.events} />
      )}
    </article>
  );
}

/** The pathway could not be read at all: the page keeps its h1 and says why. */
function PageError({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  return (
    <article aria-labelledby="pathway-title">
      <Heading level={1} id="pathway-title">
        {title}
      </Heading>
      <ErrorState error={error} retry={retry} />
    </article>
  );
}
