import { Heading, Paragraph, TableCell, TableRow } from '@utrecht/component-library-react';
import { DataTable } from '../../components/DataTable';
import { useOrganisationName } from '../../components/OrganisationName';
import { shortDate } from '../../domain/format';
import type { ChainSummary, MunicipalityPathway } from '../../domain/pathway';
import { useT, type AnyMessageKey } from '../../i18n/i18n';

/** The resident's consents: who may see which classes of events, for what purpose, until when. */
export function ConsentsTab({
  consents,
  own,
}: {
  consents: ChainSummary['consents'];
  own: MunicipalityPathway | undefined;
}) {
  const { t, tOr, locale } = useT();
  const organisationName = useOrganisationName();
  return (
    <section aria-labelledby="consents-title" className="kp-section">
      <Heading level={2} id="consents-title">
        {t('pathway.tab.consents')}
      </Heading>
      <Paragraph>{t('pathway.consents.intro')}</Paragraph>
      {consents.length === 0 ? (
        <Paragraph>{t('pathway.consents.empty')}</Paragraph>
      ) : (
        <DataTable
          id="consents-caption"
          caption={t('pathway.consents.caption', { count: consents.length })}
          columns={[
            t('pathway.consents.col.grantee'),
            t('pathway.consents.col.purpose'),
            t('pathway.consents.col.scope'),
            t('pathway.consents.col.valid'),
          ]}
        >
          {consents.map((consent) => {
            const mine = own?.consents[consent.consentId];
            return (
              <TableRow key={consent.consentId}>
                <TableCell>{organisationName(consent.grantee)}</TableCell>
                <TableCell>{mine ? tOr(`purpose.${mine.purpose}` as AnyMessageKey, mine.purpose) : '—'}</TableCell>
                <TableCell>
                  {consent.scope.map((s) => tOr(`classification.${s}` as AnyMessageKey, s)).join(', ')}
                </TableCell>
                <TableCell>
                  {consent.withdrawnAt
                    ? t('pathway.consents.withdrawn', { date: shortDate(consent.withdrawnAt, locale) })
                    : consent.validUntil
                      ? t('pathway.consents.until', { date: shortDate(consent.validUntil, locale) })
                      : t('pathway.consents.untilWithdrawn')}
                </TableCell>
              </TableRow>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
