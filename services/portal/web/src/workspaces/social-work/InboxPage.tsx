import {
  Alert,
  Heading,
  Paragraph,
  StatusBadge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useLiveUpdates, useSession, type PathwayChanged } from '../../api/client';
import { useOrganisationName } from '../../components/OrganisationName';
import { ErrorState, Loading } from '../../components/States';
import { clockTime, pathwayReference, shortDate } from '../../domain/format';
import { useDocumentTitle } from '../../layout/document-title';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { INBOX_KEY, useInbox } from './social-work.api';
import { ANSWER_THRESHOLD, inboxOrder, type Referral } from './social-work.domain';
import { WaitingBadge } from './SocialWorkActions';

/**
 * The timeline's live stream can say a pathway changed a moment before the
 * social-work service has taken the referral in (two consumers of the same
 * event): while a changed pathway is missing from the inbox, ask again this often…
 */
const ARRIVAL_POLL_MS = 250;
/** …for at most this long. */
const ARRIVAL_WAIT_MS = 10_000;

const STATUS_BADGE = { open: 'warning', accepted: 'neutral', declined: 'danger' } as const;
const OPEN_COLUMNS = [
  'socialWork.col.reference',
  'socialWork.col.from',
  'socialWork.col.reason',
  'socialWork.col.made',
  'socialWork.col.waiting',
] as const;
const ANSWERED_COLUMNS = [
  'socialWork.col.reference',
  'socialWork.col.from',
  'socialWork.col.reason',
  'socialWork.col.status',
  'socialWork.col.answered',
] as const;

/** The referral inbox: new referrals first, with their wait against the 5-working-day threshold; live. */
export function InboxPage() {
  const { t, locale } = useT();
  const session = useSession();
  const user = session.data?.signedIn ? session.data.user : undefined;
  useDocumentTitle(t('socialWork.inbox.title'));
  const [awaiting, setAwaiting] = useState<{ pathwayId: string; until: number }>();
  const inbox = useInbox(awaiting ? ARRIVAL_POLL_MS : false);
  const [announcement, setAnnouncement] = useState('');

  // Live: the hook has refetched the inbox by the time it calls back; a changed pathway that is
  // still not in it may be a referral on its way to the social-work service.
  const queryClient = useQueryClient();
  useLiveUpdates(
    undefined,
    useCallback(
      (change: PathwayChanged) => {
        const current = queryClient.getQueryData<{ referrals: Referral[] }>(INBOX_KEY);
        if (!current?.referrals.some((r) => r.pathwayId === change.pathwayId))
          setAwaiting({ pathwayId: change.pathwayId, until: Date.now() + ARRIVAL_WAIT_MS });
      },
      [queryClient],
    ),
  );

  // Stop asking once the awaited pathway is there, or after the wait.
  useEffect(() => {
    if (awaiting && inbox.data?.referrals.some((r) => r.pathwayId === awaiting.pathwayId)) setAwaiting(undefined);
  }, [awaiting, inbox.data]);
  useEffect(() => {
    if (!awaiting) return;
    const timer = window.setTimeout(() => setAwaiting(undefined), Math.max(0, awaiting.until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [awaiting]);

  // Say a referral that arrived while the page was open, once.
  const seen = useRef<ReadonlySet<string> | undefined>(undefined);
  useEffect(() => {
    const referrals = inbox.data?.referrals;
    if (!referrals) return;
    const arrived = seen.current ? referrals.filter((r) => !seen.current!.has(r.referralId)) : [];
    seen.current = new Set(referrals.map((r) => r.referralId));
    const first = arrived[0];
    if (first)
      setAnnouncement(
        t('socialWork.inbox.arrived', {
          reference: pathwayReference(first.pathwayId),
          time: clockTime(new Date(), locale),
        }),
      );
  }, [inbox.data, t, locale]);

  const { open, answered } = inboxOrder(inbox.data?.referrals ?? []);

  return (
    <section aria-labelledby="inbox-title">
      <div className="kp-page-title">
        <Heading level={1} id="inbox-title">
          {t('socialWork.inbox.title')}
        </Heading>
      </div>
      <Paragraph>
        {t('socialWork.inbox.intro', { organisation: user?.organisation.name ?? '', threshold: ANSWER_THRESHOLD })}
      </Paragraph>
      <p className="kp-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {inbox.isPending ? (
        <Loading label={t('socialWork.inbox.loading')} />
      ) : inbox.isError && !inbox.data ? (
        <ErrorState error={inbox.error} retry={() => void inbox.refetch()} />
      ) : (
        <>
          {inbox.isError && <ErrorState error={inbox.error} retry={() => void inbox.refetch()} />}
          <section aria-labelledby="inbox-open" className="kp-section">
            <Heading level={2} id="inbox-open">
              {t('socialWork.inbox.open')}
            </Heading>
            {open.length === 0 ? (
              <Alert type="info">
                <Paragraph>{t('socialWork.inbox.openEmpty')}</Paragraph>
              </Alert>
            ) : (
              <ReferralTable
                id="inbox-open-caption"
                caption={
                  open.length === 1
                    ? t('socialWork.inbox.openCaptionOne')
                    : t('socialWork.inbox.openCaption', { count: open.length })
                }
                columns={OPEN_COLUMNS}
              >
                {open.map((referral) => (
                  <InboxRow key={referral.referralId} referral={referral} />
                ))}
              </ReferralTable>
            )}
          </section>
          <section aria-labelledby="inbox-answered" className="kp-section">
            <Heading level={2} id="inbox-answered">
              {t('socialWork.inbox.answered')}
            </Heading>
            {answered.length === 0 ? (
              <Paragraph>{t('socialWork.inbox.answeredEmpty')}</Paragraph>
            ) : (
              <ReferralTable
                id="inbox-answered-caption"
                caption={
                  answered.length === 1
                    ? t('socialWork.inbox.answeredCaptionOne')
                    : t('socialWork.inbox.answeredCaption', { count: answered.length })
                }
                columns={ANSWERED_COLUMNS}
              >
                {answered.map((referral) => (
                  <InboxRow key={referral.referralId} referral={referral} />
                ))}
              </ReferralTable>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function InboxRow({ referral }: { referral: Referral }) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  return (
    <TableRow role="row">
      <TableHeaderCell scope="row" role="rowheader">
        <Link className="utrecht-link utrecht-link--html-a" to={`/sociaal-werk/verwijzingen/${referral.referralId}`}>
          <span className="kp-visually-hidden">{t('socialWork.rowLink')} </span>
          {pathwayReference(referral.pathwayId)}
        </Link>
      </TableHeaderCell>
      <TableCell role="cell" data-label={t('socialWork.col.from')}>
        {organisationName(referral.fromOrg)}
      </TableCell>
      <TableCell role="cell" data-label={t('socialWork.col.reason')}>
        {tOr(`reason.${referral.reason}` as AnyMessageKey, referral.reason)}
        {referral.urgent && (
          <>
            {' '}
            <StatusBadge status="danger">{t('socialWork.urgent')}</StatusBadge>
          </>
        )}
        {referral.warm && <span className="kp-block kp-muted">{t('socialWork.warm')}</span>}
      </TableCell>
      {referral.status === 'open' ? (
        <>
          <TableCell role="cell" data-label={t('socialWork.col.made')}>
            {shortDate(referral.madeAt, locale)}
          </TableCell>
          <TableCell role="cell" data-label={t('socialWork.col.waiting')}>
            <WaitingBadge referral={referral} />
          </TableCell>
        </>
      ) : (
        <>
          <TableCell role="cell" data-label={t('socialWork.col.status')}>
            <StatusBadge status={STATUS_BADGE[referral.status]}>
              {t(`socialWork.status.${referral.status}`)}
            </StatusBadge>
            {referral.declineReason && (
              <span className="kp-block">
                {tOr(`decline.${referral.declineReason}` as AnyMessageKey, referral.declineReason)}
              </span>
            )}
          </TableCell>
          <TableCell role="cell" data-label={t('socialWork.col.answered')}>
            {referral.decidedAt ? shortDate(referral.decidedAt, locale) : '—'}
          </TableCell>
        </>
      )}
    </TableRow>
  );
}

/**
 * A table of referrals that scrolls sideways in its own region when it must, and on a
 * narrow screen reflows into one block per referral (social-work.css), each value
 * named by its column; the explicit roles keep it a table for assistive technology.
 */
function ReferralTable({
  id,
  caption,
  columns,
  children,
}: {
  id: string;
  caption: string;
  columns: readonly AnyMessageKey[];
  children: ReactNode;
}) {
  const { t } = useT();
  return (
    <div className="kp-table-scroll" role="region" aria-labelledby={id} tabIndex={0}>
      <Table className="sw-stack" role="table">
        <TableCaption id={id}>{caption}</TableCaption>
        <TableHeader role="rowgroup">
          <TableRow role="row">
            {columns.map((column) => (
              <TableHeaderCell key={column} scope="col" role="columnheader">
                {t(column)}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody role="rowgroup">{children}</TableBody>
      </Table>
    </div>
  );
}
