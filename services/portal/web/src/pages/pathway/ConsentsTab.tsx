import {
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
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
        <div className="kp-table-scroll" role="region" aria-labelledby="consents-caption" tabIndex={0}>
          <Table>
            <TableCaption id="consents-caption">
              {t('pathway.consents.caption', { count: consents.length })}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('pathway.consents.col.grantee')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('pathway.consents.col.purpose')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('pathway.consents.col.scope')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('pathway.consents.col.valid')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
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
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
