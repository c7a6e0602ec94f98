import type { DataSource } from 'typeorm';
import type { Principal } from '@ketenpad/auth';
import { inTransaction } from '@ketenpad/persistence';
import type { AccessLog } from '@ketenpad/platform';
import type { PatientConsent } from '../domain/consent/patient-consent';
import type { GpStore } from './gp-store.port';

/**
 * Reads of the practice's own patient consents, for its own staff: what the
 * patient allowed, until when, and whether it was withdrawn. Never the BSN
 * (not kept) and never another practice's consents. Every served read is
 * recorded in the access log (resource `consent`), once per episode pathway.
 */
export class ConsentQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: GpStore,
    private readonly accessLog: AccessLog,
  ) {}

  async list(
    principal: Principal,
    practiceId: string,
    patientRef: string | undefined,
    purpose: string,
  ): Promise<PatientConsent[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const consents = await this.store.listConsents(manager, practiceId, patientRef);
      const pathways = new Set(consents.map((c) => c.pathwayId));
      await this.accessLog.record(
        principal,
        [...pathways].map((pathwayId) => ({ pathwayId, resource: 'consent' })),
        purpose,
        manager,
      );
      return consents;
    });
  }
}
