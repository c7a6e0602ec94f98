import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Persistence model of a pathway: the aggregate state as a JSON snapshot plus
 * the columns queries filter on. Separate from the domain model
 * (PathwayState); `pathway.mapper.ts` joins the two.
 */
@Entity({ name: 'pathway' })
export class PathwayRecord {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  phase!: string | null;

  @Column({ name: 'first_conversation_due', type: 'date', nullable: true })
  firstConversationDue!: string | null;

  @Column({ type: 'jsonb' })
  state!: object;

  /** Optimistic concurrency: every save checks and bumps it. */
  @Column({ type: 'int' })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
