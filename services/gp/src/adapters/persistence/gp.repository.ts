import type { EntityManager } from 'typeorm';
import type { GpStore } from '../../application/gp-store.port';
import type { PatientConsent } from '../../domain/consent/patient-consent';
import type { ConsentPurpose, GpScopeItem, ReferralOutcome, ReferralReason } from '../../domain/gp.codes';
import type { Referral, ReferralStatus } from '../../domain/referral/referral';

/** A patient_consent row as pg returns it. */
interface ConsentRow {
  consent_id: string;
  practice_id: string;
  patient_ref: string;
  resident_pseudonym: string;
  scope: string[];
  purpose: string;
  valid_until: string | null;
  pathway_id: string;
  recorded_at: Date;
  withdrawn_at: Date | null;
}

/** A referral row as pg returns it. */
interface ReferralRow {
  referral_id: string;
  practice_id: string;
  consent_id: string;
  pathway_id: string;
  from_org: string;
  to_org: string;
  reason: string;
  urgent: boolean;
  warm: boolean;
  made_at: Date;
  status: string;
  followed_pathway_id: string | null;
  outcome: string | null;
  outcome_at: Date | null;
}

// `date` columns as text: a calendar date must not pass through a JS Date (time zone shifts).
const CONSENT_COLUMNS = `consent_id, practice_id, patient_ref, resident_pseudonym, scope, purpose, valid_until::text AS valid_until, pathway_id, recorded_at, withdrawn_at`;
const REFERRAL_COLUMNS = `referral_id, practice_id, consent_id, pathway_id, from_org, to_org, reason, urgent, warm, made_at, status,
  followed_pathway_id, outcome, outcome_at`;

/** Consents and referrals in PostgreSQL, through the caller's transaction. */
export class GpRepository implements GpStore {
  async insertConsent(manager: EntityManager, consent: PatientConsent): Promise<void> {
    await manager.query(
      `INSERT INTO patient_consent (consent_id, practice_id, patient_ref, resident_pseudonym, scope, purpose, valid_until, pathway_id, recorded_at, withdrawn_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        consent.consentId,
        consent.practiceId,
        consent.patientRef,
        consent.residentPseudonym,
        [...consent.scope],
        consent.purpose,
        consent.validUntil,
        consent.pathwayId,
        consent.recordedAt,
        consent.withdrawnAt,
      ],
    );
  }

  async updateConsent(manager: EntityManager, consent: PatientConsent): Promise<void> {
    // Only the withdrawal changes a consent; everything else is fixed when it is recorded.
    await manager.query(`UPDATE patient_consent SET withdrawn_at = $2 WHERE consent_id = $1`, [
      consent.consentId,
      consent.withdrawnAt,
    ]);
  }

  async loadConsentForUpdate(
    manager: EntityManager,
    practiceId: string,
    consentId: string,
  ): Promise<PatientConsent | undefined> {
    const rows: ConsentRow[] = await manager.query(
      `SELECT ${CONSENT_COLUMNS} FROM patient_consent WHERE consent_id = $1 AND practice_id = $2 FOR UPDATE`,
      [consentId, practiceId],
    );
    return rows[0] && consentOf(rows[0]);
  }

  async listConsents(manager: EntityManager, practiceId: string, patientRef?: string): Promise<PatientConsent[]> {
    const rows: ConsentRow[] = await manager.query(
      `SELECT ${CONSENT_COLUMNS} FROM patient_consent
        WHERE practice_id = $1 AND ($2::text IS NULL OR patient_ref = $2)
        ORDER BY recorded_at DESC, consent_id`,
      [practiceId, patientRef ?? null],
    );
    return rows.map(consentOf);
  }

  async loadConsent(manager: EntityManager, consentId: string): Promise<PatientConsent | undefined> {
    const rows: ConsentRow[] = await manager.query(
      `SELECT ${CONSENT_COLUMNS} FROM patient_consent WHERE consent_id = $1`,
      [consentId],
    );
    return rows[0] && consentOf(rows[0]);
  }

  async insertReferral(manager: EntityManager, referral: Referral): Promise<void> {
    await manager.query(
      `INSERT INTO referral (${REFERRAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        referral.referralId,
        referral.practiceId,
        referral.consentId,
        referral.pathwayId,
        referral.fromOrg,
        referral.toOrg,
        referral.reason,
        referral.urgent,
        referral.warm,
        referral.madeAt,
        referral.status,
        referral.followedPathwayId,
        referral.outcome,
        referral.outcomeAt,
      ],
    );
  }

  async updateReferral(manager: EntityManager, referral: Referral): Promise<void> {
    await manager.query(
      `UPDATE referral SET status = $2, followed_pathway_id = $3, outcome = $4, outcome_at = $5 WHERE referral_id = $1`,
      [referral.referralId, referral.status, referral.followedPathwayId, referral.outcome, referral.outcomeAt],
    );
  }

  async loadReferralForUpdate(manager: EntityManager, referralId: string): Promise<Referral | undefined> {
    const rows: ReferralRow[] = await manager.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referral WHERE referral_id = $1 FOR UPDATE`,
      [referralId],
    );
    return rows[0] && referralOf(rows[0]);
  }

  async findAwaitingOutcomeForUpdate(
    manager: EntityManager,
    pathwayId: string,
    referralId?: string,
  ): Promise<Referral[]> {
    // Locked in id order, so two consumers touching the same referrals cannot deadlock.
    const rows: ReferralRow[] = await manager.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referral
        WHERE outcome IS NULL AND (followed_pathway_id = $1 OR referral_id = $2)
        ORDER BY referral_id FOR UPDATE`,
      [pathwayId, referralId ?? null],
    );
    return rows.map(referralOf);
  }

  async listReferrals(manager: EntityManager, practiceId: string): Promise<Referral[]> {
    const rows: ReferralRow[] = await manager.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referral WHERE practice_id = $1 ORDER BY made_at DESC, referral_id`,
      [practiceId],
    );
    return rows.map(referralOf);
  }

  async loadReferral(manager: EntityManager, practiceId: string, referralId: string): Promise<Referral | undefined> {
    const rows: ReferralRow[] = await manager.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referral WHERE referral_id = $1 AND practice_id = $2`,
      [referralId, practiceId],
    );
    return rows[0] && referralOf(rows[0]);
  }
}

function consentOf(row: ConsentRow): PatientConsent {
  return {
    consentId: row.consent_id,
    practiceId: row.practice_id,
    patientRef: row.patient_ref,
    residentPseudonym: row.resident_pseudonym,
    scope: row.scope as GpScopeItem[],
    purpose: row.purpose as ConsentPurpose,
    validUntil: row.valid_until,
    pathwayId: row.pathway_id,
    recordedAt: row.recorded_at,
    withdrawnAt: row.withdrawn_at,
  };
}

function referralOf(row: ReferralRow): Referral {
  return {
    referralId: row.referral_id,
    practiceId: row.practice_id,
    consentId: row.consent_id,
    pathwayId: row.pathway_id,
    fromOrg: row.from_org,
    toOrg: row.to_org,
    reason: row.reason as ReferralReason,
    urgent: row.urgent,
    warm: row.warm,
    madeAt: row.made_at,
    status: row.status as ReferralStatus,
    followedPathwayId: row.followed_pathway_id,
    outcome: row.outcome as ReferralOutcome | null,
    outcomeAt: row.outcome_at,
  };
}
