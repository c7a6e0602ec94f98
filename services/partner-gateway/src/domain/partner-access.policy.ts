import { mayReadEvent, readAccess, type ConsentFact, type PathwayAccessFacts, type Reader } from '@ketenpad/privacy';

/** A referral of the pathway to an organisation, as the gateway projected it from `referral-made`/`-declined`. */
export interface ReferralRecord {
  /** Organisation URN the pathway was referred to (`toOrg`). */
  readonly toOrg: string;
  readonly declined: boolean;
}

/** A consent of the pathway, as the gateway projected it from `consent-recorded`/`-withdrawn`. */
export interface ConsentRecord {
  readonly grantee: string;
  readonly scope: readonly string[];
  /** Last valid day (`YYYY-MM-DD`), or null: valid until withdrawn. */
  readonly validUntil: string | null;
  readonly withdrawnAt: Date | null;
}

/** Everything the gateway knows about one pathway that decides who may receive or read its events. */
export interface PathwayRecords {
  readonly municipalityCode: string | null;
  readonly referrals: readonly ReferralRecord[];
  readonly consents: readonly ConsentRecord[];
}

/** A pathway the gateway has not heard of: nobody is entitled to anything of it. */
export const NO_RECORDS: PathwayRecords = { municipalityCode: null, referrals: [], consents: [] };

/**
 * The facts the chain's one need-to-know policy (`@ketenpad/privacy`,
 * issue 6.1) decides on: partners referred to and not declined are
 * participants; every consent counts with its scope, validity and withdrawal.
 */
export function pathwayAccessFacts(records: PathwayRecords): PathwayAccessFacts {
  return {
    municipalityCode: records.municipalityCode,
    participants: [...new Set(records.referrals.filter((r) => !r.declined).map((r) => r.toOrg))],
    consents: records.consents.map(
      (c): ConsentFact => ({
        grantee: c.grantee,
        scope: c.scope,
        validUntil: c.validUntil,
        withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
      }),
    ),
  };
}

/** The reader behind a partner's token or subscription: the partner role exists only for partner organisations. */
export function partnerReader(partnerOrg: string): Reader {
  return { kind: 'partner', id: partnerOrg };
}

/**
 * Whether a partner may receive (as a notification) or read (through
 * `dataref`) one event of a pathway on `today` (`YYYY-MM-DD`, Dutch calendar
 * day). No rule of its own: the gateway asks the shared policy
 * ({@link readAccess}, {@link mayReadEvent}) with the facts it projected
 * ({@link pathwayAccessFacts}), so
 * the timeline, exports and the gateway cannot disagree. What a subscription
 * filter narrows further is a separate, stricter question (`matchesFilter`).
 */
export function partnerMayReadEvent(
  facts: PathwayAccessFacts,
  partnerOrg: string,
  event: { readonly classification: string; readonly source: string },
  today: string,
): boolean {
  const reader = partnerReader(partnerOrg);
  return mayReadEvent(readAccess(facts, reader, today), event, reader);
}
