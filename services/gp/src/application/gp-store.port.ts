import type { EntityManager } from 'typeorm';
import type { PatientConsent } from '../domain/consent/patient-consent';
import type { Referral } from '../domain/referral/referral';

/**
 * Where the practice's consents and referrals are kept. Every method takes the
 * transaction's EntityManager explicitly (STYLE.md rule 4). Methods with a
 * `practiceId` are scoped to that practice; the unscoped ones serve the
 * outcome consumer, which matches chain events by referral or pathway id.
 * Implemented by adapters/persistence/gp.repository.ts.
 */
export interface GpStore {
  insertConsent(manager: EntityManager, consent: PatientConsent): Promise<void>;
  updateConsent(manager: EntityManager, consent: PatientConsent): Promise<void>;
  /** The practice's consent, locked for the rest of the transaction. */
  loadConsentForUpdate(
    manager: EntityManager,
    practiceId: string,
    consentId: string,
  ): Promise<PatientConsent | undefined>;
  /** The practice's consents, newest first; only this patient's when `patientRef` is given. */
  listConsents(manager: EntityManager, practiceId: string, patientRef?: string): Promise<PatientConsent[]>;
  /** A consent of any practice (the one a referral rests on). */
  loadConsent(manager: EntityManager, consentId: string): Promise<PatientConsent | undefined>;

  insertReferral(manager: EntityManager, referral: Referral): Promise<void>;
  updateReferral(manager: EntityManager, referral: Referral): Promise<void>;
  /** A referral of any practice, locked. */
  loadReferralForUpdate(manager: EntityManager, referralId: string): Promise<Referral | undefined>;
  /** Referrals still waiting for an outcome that follow this pathway, or that `referralId` names; locked. */
  findAwaitingOutcomeForUpdate(manager: EntityManager, pathwayId: string, referralId?: string): Promise<Referral[]>;
  listReferrals(manager: EntityManager, practiceId: string): Promise<Referral[]>;
  loadReferral(manager: EntityManager, practiceId: string, referralId: string): Promise<Referral | undefined>;
}
