import { useCallback } from 'react';
import { longDate, shortDate } from '../../domain/format';
import { useT, type AnyMessageKey } from '../../i18n/i18n';
import { dayAfter, type CourtCase } from './court-case';

/** The state of each procedure of a case in words, as the overview and the inbox show it. */
export function useProcedureWords() {
  const { t, locale } = useT();
  return useCallback(
    (c: CourtCase) => {
      const date = (value: string) => shortDate(value, locale);
      const m = c.moratorium;
      const moratorium =
        m.status === 'none'
          ? t('court.overview.moratorium.none')
          : m.status === 'requested'
            ? t('court.overview.moratorium.requested', {
                date: date(m.requestedAt),
                basis: t(`court.basis.${m.basis}` as AnyMessageKey),
              })
            : m.status === 'rejected'
              ? t('court.overview.moratorium.rejected', { date: date(m.rejectedAt) })
              : m.status === 'granted'
                ? t('court.overview.moratorium.granted', { start: date(m.startsAt), end: date(m.endsAt) })
                : t('court.overview.moratorium.ended', {
                    date: date(m.endedAt),
                    start: date(m.startsAt),
                    end: date(m.endsAt),
                  });
      const automaticEnd =
        m.status === 'granted'
          ? t('court.overview.moratorium.automaticEnd', { date: longDate(dayAfter(m.endsAt), locale) })
          : undefined;
      const provisionalMeasure = c.provisionalMeasure
        ? t('court.overview.provisionalMeasure.granted', {
            date: date(c.provisionalMeasure.grantedAt),
            end: date(c.provisionalMeasure.endsAt),
          })
        : t('court.overview.provisionalMeasure.none');
      const f = c.forcedSettlement;
      const forcedSettlement =
        f.status === 'none'
          ? t('court.overview.forcedSettlement.none')
          : f.status === 'requested'
            ? t('court.overview.forcedSettlement.requested', { date: date(f.requestedAt) })
            : t(`court.overview.forcedSettlement.${f.outcome}`, { date: date(f.decidedAt) });
      const w = c.wsnp;
      const wsnp =
        w.status === 'none'
          ? t('court.overview.wsnp.none')
          : w.status === 'petitioned'
            ? t('court.overview.wsnp.petitioned', { date: date(w.petitionedAt) })
            : w.status === 'rejected'
              ? t('court.overview.wsnp.rejected', { date: date(w.rejectedAt) })
              : w.status === 'admitted'
                ? t('court.overview.wsnp.admitted', { date: date(w.admittedAt), months: w.termMonths })
                : t('court.overview.wsnp.ended', {
                    date: date(w.endedAt),
                    cleanSlate: w.cleanSlate ? t('court.cleanSlate.yes') : t('court.cleanSlate.no'),
                  });
      const p = c.protectiveAdministration;
      const protectiveAdministration =
        p.status === 'none'
          ? t('court.overview.protectiveAdministration.none')
          : p.status === 'requested'
            ? t('court.overview.protectiveAdministration.requested', { date: date(p.requestedAt) })
            : p.status === 'ordered'
              ? t('court.overview.protectiveAdministration.ordered', { date: date(p.orderedAt) })
              : t('court.overview.protectiveAdministration.lifted', { date: date(p.liftedAt) });
      return { moratorium, automaticEnd, provisionalMeasure, forcedSettlement, wsnp, protectiveAdministration };
    },
    [t, locale],
  );
}

/** The procedures that started on a case, one short line each (for the inbox). */
export function useStartedProcedures() {
  const { t } = useT();
  const words = useProcedureWords();
  return useCallback(
    (c: CourtCase): string[] => {
      const w = words(c);
      const lines: string[] = [];
      if (c.moratorium.status !== 'none') lines.push(`${t('court.overview.moratorium')}: ${w.moratorium}`);
      if (c.provisionalMeasure) lines.push(`${t('court.instrument.provisional-measure')}: ${w.provisionalMeasure}`);
      if (c.forcedSettlement.status !== 'none')
        lines.push(`${t('court.instrument.forced-settlement')}: ${w.forcedSettlement}`);
      if (c.wsnp.status !== 'none') lines.push(`${t('court.overview.wsnp')}: ${w.wsnp}`);
      if (c.protectiveAdministration.status !== 'none')
        lines.push(`${t('court.instrument.protective-administration')}: ${w.protectiveAdministration}`);
      return lines;
    },
    [t, words],
  );
}
