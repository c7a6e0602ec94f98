import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Persistence model of a court case: the aggregate state as a JSON snapshot
 * plus the columns queries filter on. Separate from the domain model
 * (CourtCaseState); court-case.repository.ts maps between the two.
 */
@Entity({ name: 'court_case' })
export class CourtCaseRecord {
  @PrimaryColumn({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @PrimaryColumn({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'jsonb' })
  state!: object;

  /** Optimistic concurrency on top of the row lock: every save checks and bumps it. */
  @Column({ type: 'int' })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Which pathway a referral addressed to the organisation concerns (acceptance and decline come by referral id). */
@Entity({ name: 'court_referral' })
export class CourtReferralRecord {
  @PrimaryColumn({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @PrimaryColumn({ name: 'referral_id', type: 'uuid' })
  referralId!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}

/** A row of the durable job schedule; see application/job-schedule.port.ts. */
@Entity({ name: 'scheduled_job' })
export class ScheduledJobRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;
}
