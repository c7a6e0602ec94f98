import { DataList, DataListItem, DataListKey, DataListValue, Heading } from '@utrecht/component-library-react';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { Flags } from '../../components/Flags';
import { useOrganisationName } from '../../components/OrganisationName';
import { longDate, shortDate, workingDaysSince, workingDaysUntil } from '../../domain/format';
import type { ChainSummary, MunicipalityPathway } from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';

/**
 * The pathway at a glance: the Wgs deadline with working days left, phase,
 * crisis, casusregie, signals and open referrals — from the chain's summary,
 * with the municipality's own file (resident, status) for its counsellor.
 */
export function PathwaySummary({
  summary,
  own,
}: {
  summary: ChainSummary | undefined;
  own: MunicipalityPathway | undefined;
}) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  const crisis = own ? own.crisis?.type : summary?.crisis;
  const heldAt = own?.firstConversationHeldAt ?? summary?.firstConversationHeldAt ?? null;
  const due = own?.firstConversationDue ?? summary?.firstConversationDue ?? null;
  const closed = own ? own.status === 'closed' : !!summary?.closedAt;
  const phase = own?.phase ?? summary?.phase;
  const waiting = (summary?.referrals ?? []).filter((r) => r.status === 'waiting');
  const longestWait = Math.max(0, ...waiting.map((r) => (r.madeAt ? workingDaysSince(r.madeAt) : 0)));
  // The court's moratorium: its last day, after which the court liaison's scheduler ends it by itself.
  const moratoriumEnd = summary?.openDeadlines.find((d) => d.kind === 'moratorium-end')?.due;

  return (
    <section aria-labelledby="summary-title" className="kp-card kp-section">
      <Heading level={2} id="summary-title">
        {t('pathway.summary')}
      </Heading>
      <DataList className="kp-datalist kp-datalist--columns">
        <DataListItem>
          <DataListKey>{t('pathway.deadline')}</DataListKey>
          <DataListValue>
            {closed && !heldAt ? (
              t('pathway.deadlineClosed')
            ) : (
              <DeadlineBadge
                due={due}
                heldAt={heldAt}
                workingDaysLeft={due && !heldAt ? workingDaysUntil(due) : null}
              />
            )}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('pathway.phase')}</DataListKey>
          <DataListValue>
            {phase ? tOr(`phase.${phase}` as AnyMessageKey, phase) : t('pathway.status.signalled')}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('pathway.status')}</DataListKey>
          <DataListValue>
            {closed
              ? t('pathway.closedBecause', {
                  reason: tOr(
                    `uitstroom.${own?.closure?.reason ?? summary?.closeReason ?? ''}` as AnyMessageKey,
                    own?.closure?.reason ?? summary?.closeReason ?? t('common.unknown'),
                  ),
                })
              : own?.status === 'signalled'
                ? t('pathway.status.signalled')
                : t('pathway.status.open')}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('pathway.crisis')}</DataListKey>
          <DataListValue>{crisis ? tOr(`crisis.${crisis}` as AnyMessageKey, crisis) : t('common.no')}</DataListValue>
        </DataListItem>
        {summary?.legalStatus && summary.legalStatus !== 'none' && (
          <DataListItem>
            <DataListKey>{t('pathway.legalStatus')}</DataListKey>
            <DataListValue>{tOr(`legal.${summary.legalStatus}` as AnyMessageKey, summary.legalStatus)}</DataListValue>
          </DataListItem>
        )}
        {moratoriumEnd && (
          <DataListItem>
            <DataListKey>{t('court.summary.moratoriumEnd')}</DataListKey>
            <DataListValue>
              {t('court.summary.moratoriumEndValue', { date: longDate(moratoriumEnd, locale) })}
            </DataListValue>
          </DataListItem>
        )}
        {summary && (
          <DataListItem>
            <DataListKey>{t('pathway.owner')}</DataListKey>
            <DataListValue>{organisationName(summary.owner)}</DataListValue>
          </DataListItem>
        )}
        {own && (
          <DataListItem>
            <DataListKey>{t('pathway.resident')}</DataListKey>
            <DataListValue>
              {own.resident ? (
                <>
                  <span>{t('pathway.residentBsn', { bsn: own.resident.bsn })}</span>
                  {own.resident.contact.name && <span className="kp-block">{own.resident.contact.name}</span>}
                  {own.resident.contact.phone && <span className="kp-block">{own.resident.contact.phone}</span>}
                  {own.resident.contact.email && <span className="kp-block">{own.resident.contact.email}</span>}
                </>
              ) : (
                t('pathway.residentErased')
              )}
            </DataListValue>
          </DataListItem>
        )}
        {own?.requestedAt && (
          <DataListItem>
            <DataListKey>{t('pathway.requestedAt')}</DataListKey>
            <DataListValue>
              {shortDate(own.requestedAt, locale)}
              {own.channel && <> ({tOr(`channel.${own.channel}` as AnyMessageKey, own.channel)})</>}
            </DataListValue>
          </DataListItem>
        )}
        {summary && (
          <DataListItem>
            <DataListKey>{t('pathway.openReferrals')}</DataListKey>
            <DataListValue>
              {waiting.length === 0
                ? t('common.none')
                : t('pathway.openReferralsWaiting', { count: waiting.length, days: longestWait })}
            </DataListValue>
          </DataListItem>
        )}
        {summary && (
          <DataListItem>
            <DataListKey>{t('pathway.flags')}</DataListKey>
            <DataListValue>
              <Flags flags={summary.flags} />
            </DataListValue>
          </DataListItem>
        )}
      </DataList>
    </section>
  );
}
