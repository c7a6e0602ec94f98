import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An erasure request of a pathway's personal data (one per pathway). */
@Entity({ name: 'erasure_request' })
export class ErasureRequestRecord {
  @PrimaryColumn({ name: 'erasure_id', type: 'uuid' })
  erasureId!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** The requester's opaque user id (token `sub`). */
  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;
}

/** One service carried out an erasure request; the first answer counts. */
@Entity({ name: 'erasure_completion' })
export class ErasureCompletionRecord {
  @PrimaryColumn({ name: 'erasure_id', type: 'uuid' })
  erasureId!: string;

  @PrimaryColumn({ type: 'text' })
  service!: string;

  @Column({ name: 'completed_at', type: 'timestamptz' })
  completedAt!: Date;
}
