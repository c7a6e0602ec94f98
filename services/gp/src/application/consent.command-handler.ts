import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LocalDate } from '@ketenpad/calendar';
import type { OutboxWriter } from '@ketenpad/messaging';
import type { ResidentPseudonymiser } from '@ketenpad/privacy';
import { inTransaction } from '@ketenpad/persistence';
import { recordConsent, withdrawConsent, type PatientConsent } from '../domain/consent/patient-consent';
import type { ConsentPurpose, GpScopeItem } from '../domain/gp.codes';
import { ConsentNotFound } from './application.errors';
import type { Clock } from '@ketenpad/runtime';
import { GP_TOPIC, gpEvent } from './gp-event.envelope';
import type { GpStore } from './gp-store.port';

/** What the practice records when a patient consents. */
export interface ConsentRequest {
  readonly bsn: string;
  readonly scope: readonly GpScopeItem[];
  readonly purpose: ConsentPurpose;
  readonly validUntil: string | null;
}

/**
 * Records and withdraws patient consents. The consent (with purpose and the
 * resident's keyed pseudonym, never the BSN itself) stays here; the event says only that a consent with this scope exists, on a
 * freshly minted pathway id for the episode.
 */
export class ConsentCommandHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly store: GpStore,
    private readonly pseudonymiser: ResidentPseudonymiser,
  ) {}

  async record(practiceId: string, patientRef: string, request: ConsentRequest): Promise<PatientConsent> {
    const now = this.clock.now();
    const { bsn, ...rest } = request;
    // The BSN is only ever needed as the pseudonym a referral carries: it is not stored.
    const consent = recordConsent(
      { ...rest, residentPseudonym: this.pseudonymiser.of(bsn), consentId: randomUUID(), practiceId, patientRef, pathwayId: randomUUID(), at: now },
      LocalDate.fromInstant(now),
    );
    await inTransaction(this.dataSource, async (manager) => {
      await this.store.insertConsent(manager, consent);
      const event = gpEvent(
        'nl.ketenpad.gp.patient-consent-recorded.v1',
        practiceId,
        consent.pathwayId,
        { consentId: consent.consentId, scope: [...consent.scope] as [GpScopeItem, ...GpScopeItem[]], validUntil: consent.validUntil, at: now.toISOString() },
        now,
      );
      await this.outbox.append(manager, [event], { topic: GP_TOPIC });
    });
    this.outbox.afterCommit();
    return consent;
  }

  /** Withdraws the practice's consent; ConsentNotFound for an unknown or foreign id, a DomainRuleViolation when already withdrawn. */
  async withdraw(practiceId: string, consentId: string): Promise<PatientConsent> {
    const now = this.clock.now();
    const withdrawn = await inTransaction(this.dataSource, async (manager) => {
      const consent = await this.store.loadConsentForUpdate(manager, practiceId, consentId);
      if (!consent) throw new ConsentNotFound();
      const next = withdrawConsent(consent, now);
      await this.store.updateConsent(manager, next);
      const event = gpEvent('nl.ketenpad.gp.patient-consent-withdrawn.v1', practiceId, next.pathwayId, { consentId, at: now.toISOString() }, now);
      await this.outbox.append(manager, [event], { topic: GP_TOPIC });
      return next;
    });
    this.outbox.afterCommit();
    return withdrawn;
  }
}
