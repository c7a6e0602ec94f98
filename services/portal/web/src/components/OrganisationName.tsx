import { useCallback } from 'react';
import { organisationOf } from '../domain/format';
import { useT, type AnyMessageKey } from '../i18n/i18n';

/** An organisation URN in words: `urn:nld:ketenpad:social-work:SW-AMS` → "Maatschappelijk werk SW-AMS". */
export function useOrganisationName(): (urn: string | null | undefined) => string {
  const { t, tOr } = useT();
  return useCallback(
    (urn) => {
      const org = organisationOf(urn);
      if (!org) return urn ?? t('common.unknown');
      return tOr(`org.${org.kind}` as AnyMessageKey, `${org.kind} {id}`, { id: org.id });
    },
    [t, tOr],
  );
}

export function OrganisationName({ urn }: { urn: string | null | undefined }) {
  const name = useOrganisationName();
  return <>{name(urn)}</>;
}
