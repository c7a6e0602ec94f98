import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The resident behind a pathway, encrypted: `sealedData` holds BSN and contact
 * data sealed with the pathway's data key; `bsnIndex` is the keyed blind index
 * that finds the same resident again without storing the BSN in clear, and
 * `residentPseudonym` the chain-wide pseudonym other organisations refer with.
 */
@Entity({ name: 'resident' })
export class ResidentRecord {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ name: 'municipality_code', type: 'text' })
  municipalityCode!: string;

  @Column({ name: 'bsn_index', type: 'bytea' })
  bsnIndex!: Buffer;

  /** Chain-wide keyed pseudonym (HMAC of the BSN under the chain key); null for rows from before it was kept. */
  @Column({ name: 'resident_pseudonym', type: 'text', nullable: true })
  residentPseudonym!: string | null;

  @Column({ name: 'sealed_data', type: 'bytea' })
  sealedData!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A pathway's data key, wrapped with the master key. Deleting this row is
 * the erasure: everything sealed with the key becomes unreadable.
 */
@Entity({ name: 'pathway_data_key' })
export class PathwayDataKeyRecord {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @Column({ name: 'wrapped_key', type: 'bytea' })
  wrappedKey!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
