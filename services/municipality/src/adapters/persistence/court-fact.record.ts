import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Persistence model of one court fact about a municipality's pathway (a row
 * per court liaison event): the kind and instant as columns, the rest of the
 * fact as JSON. `court-fact.repository.ts` maps it to the domain's CourtFact.
 */
@Entity({ name: 'court_fact' })
export class CourtFactRecord {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** The whole CourtFact (kind, at and the kind's own fields). */
  @Column({ type: 'jsonb' })
  fact!: object;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
