import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The social-work organisations' records: their referral inboxes, their
 * caseload (pathways they took on), support periods, urgent situations and the
 * referrals they made onward. Multi-tenant: every row names the social-work
 * organisation (URN) it belongs to. No BSN, name or contact data is kept here.
 */
export class CreateSocialWorkTables1795440000000 implements MigrationInterface {
  name = 'CreateSocialWorkTables1795440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE received_referral (
        referral_id uuid PRIMARY KEY,
        pathway_id uuid NOT NULL,
        from_org text NOT NULL,
        to_org text NOT NULL,
        reason text NOT NULL,
        urgent boolean NOT NULL,
        warm boolean NOT NULL,
        made_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'accepted', 'declined')),
        decided_at timestamptz,
        decline_reason text,
        first_contact_at timestamptz,
        CHECK ((status = 'open') = (decided_at IS NULL)),
        CHECK ((status = 'declined') = (decline_reason IS NOT NULL)),
        CHECK (first_contact_at IS NULL OR status = 'accepted')
      )`);
    // The inbox of one organisation, per status, oldest first.
    await q.query('CREATE INDEX received_referral_inbox ON received_referral (to_org, status, made_at)');
    await q.query('CREATE INDEX received_referral_pathway ON received_referral (to_org, pathway_id)');
    await q.query(`
      CREATE TABLE caseload_pathway (
        organisation text NOT NULL,
        pathway_id uuid NOT NULL,
        opened_by text NOT NULL CHECK (opened_by IN ('referral-accepted', 'referral-made')),
        opened_at timestamptz NOT NULL,
        PRIMARY KEY (organisation, pathway_id)
      )`);
    await q.query(`
      CREATE TABLE support_period (
        id bigserial PRIMARY KEY,
        organisation text NOT NULL,
        pathway_id uuid NOT NULL,
        kind text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        outcome text,
        CHECK ((ended_at IS NULL) = (outcome IS NULL)),
        FOREIGN KEY (organisation, pathway_id) REFERENCES caseload_pathway (organisation, pathway_id)
      )`);
    // The domain allows one running period per kind; the database agrees.
    await q.query('CREATE UNIQUE INDEX support_period_running ON support_period (organisation, pathway_id, kind) WHERE ended_at IS NULL');
    await q.query(`
      CREATE TABLE urgent_situation (
        id bigserial PRIMARY KEY,
        organisation text NOT NULL,
        pathway_id uuid NOT NULL,
        threat text NOT NULL,
        due_by date NOT NULL,
        flagged_at timestamptz NOT NULL,
        FOREIGN KEY (organisation, pathway_id) REFERENCES caseload_pathway (organisation, pathway_id)
      )`);
    await q.query(`
      CREATE TABLE onward_referral (
        referral_id uuid PRIMARY KEY,
        pathway_id uuid NOT NULL,
        from_org text NOT NULL,
        to_org text NOT NULL,
        reason text NOT NULL,
        urgent boolean NOT NULL,
        warm boolean NOT NULL,
        made_at timestamptz NOT NULL,
        resident_pseudonym text CHECK (resident_pseudonym ~ '^[0-9a-f]{64}$')
      )`);
    await q.query('CREATE INDEX onward_referral_pathway ON onward_referral (from_org, pathway_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE onward_referral');
    await q.query('DROP TABLE urgent_situation');
    await q.query('DROP TABLE support_period');
    await q.query('DROP TABLE caseload_pathway');
    await q.query('DROP TABLE received_referral');
  }
}
