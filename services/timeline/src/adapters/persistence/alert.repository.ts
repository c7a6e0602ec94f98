import type { EntityManager } from 'typeorm';

export interface BreachedDeadline {
  pathwayId: string;
  municipalityCode: string;
  dueOn: string;
  crisis: boolean;
}

export interface OverdueReferral {
  pathwayId: string;
  referralId: string;
  fromOrg: string;
  toOrg: string;
  referredAt: string;
}

const TZ = `'Europe/Amsterdam'`;

/**
 * Claims alerts exactly once: a candidate becomes an alert by inserting its
 * `timeline_alert` row (primary key kind + subject); only the rows this
 * transaction inserted are returned, so two instances - or a retry after a
 * crash - never publish the same alert twice. A concurrent claim of the same
 * key waits for the other transaction and then skips the row.
 */
export class AlertRepository {
  /** Open pathways whose first conversation was due before `today` and not held, not yet alerted. */
  async claimBreachedDeadlines(
    manager: EntityManager,
    today: string,
    detectedAt: Date,
    limit: number,
    eventId: () => string,
  ): Promise<Array<BreachedDeadline & { eventId: string }>> {
    const candidates: Array<{ pathway_id: string; municipality_code: string; due: string; crisis: boolean }> =
      await manager.query(
        `SELECT pathway_id, municipality_code, to_char(first_conversation_due, 'YYYY-MM-DD') AS due, crisis FROM pathway_summary s
        WHERE NOT closed AND first_conversation_held_at IS NULL AND first_conversation_due < $1::date AND municipality_code IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM timeline_alert a WHERE a.kind = 'deadline-breached' AND a.subject_id = s.pathway_id::text)
        ORDER BY first_conversation_due, pathway_id LIMIT $2`,
        [today, limit],
      );
    const claimed = await this.claim(
      manager,
      'deadline-breached',
      candidates.map((c) => ({ subject: c.pathway_id, pathwayId: c.pathway_id, eventId: eventId() })),
      detectedAt,
    );
    return candidates
      .filter((c) => claimed.has(c.pathway_id))
      .map((c) => ({
        pathwayId: c.pathway_id,
        municipalityCode: c.municipality_code,
        dueOn: c.due,
        crisis: c.crisis,
        eventId: claimed.get(c.pathway_id)!,
      }));
  }

  /** Unanswered referrals of open pathways made on or before `referredOnOrBefore` (Amsterdam date), not yet alerted. */
  async claimOverdueReferrals(
    manager: EntityManager,
    referredOnOrBefore: string,
    detectedAt: Date,
    limit: number,
    eventId: () => string,
  ): Promise<Array<OverdueReferral & { eventId: string }>> {
    const candidates: Array<{
      pathway_id: string;
      referral_id: string;
      from_org: string;
      to_org: string;
      referred_at: Date;
    }> = await manager.query(
      `SELECT pathway_id, referral_id, from_org, to_org, referred_at FROM bottleneck_hand_off h
        WHERE status = 'waiting' AND NOT pathway_closed AND from_org IS NOT NULL AND to_org IS NOT NULL
          AND referred_at < ($1::date + 1)::timestamp AT TIME ZONE ${TZ}
          AND NOT EXISTS (SELECT 1 FROM timeline_alert a WHERE a.kind = 'referral-waiting-too-long' AND a.subject_id = h.referral_id::text)
        ORDER BY referred_at, referral_id LIMIT $2`,
      [referredOnOrBefore, limit],
    );
    // One alert per referral, even if a merge put the same referral on two pathways.
    const unique = [...new Map(candidates.map((c) => [c.referral_id, c])).values()];
    const claimed = await this.claim(
      manager,
      'referral-waiting-too-long',
      unique.map((c) => ({ subject: c.referral_id, pathwayId: c.pathway_id, eventId: eventId() })),
      detectedAt,
    );
    return unique
      .filter((c) => claimed.has(c.referral_id))
      .map((c) => ({
        pathwayId: c.pathway_id,
        referralId: c.referral_id,
        fromOrg: c.from_org,
        toOrg: c.to_org,
        referredAt: c.referred_at.toISOString(),
        eventId: claimed.get(c.referral_id)!,
      }));
  }

  /** Inserts the alert rows; returns subject -> event id of those this call inserted. */
  private async claim(
    manager: EntityManager,
    kind: string,
    rows: Array<{ subject: string; pathwayId: string; eventId: string }>,
    detectedAt: Date,
  ): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const inserted: Array<{ subject_id: string; event_id: string }> = await manager.query(
      `INSERT INTO timeline_alert (kind, subject_id, pathway_id, event_id, detected_at)
       SELECT $1, subject, pathway, event, $5 FROM unnest($2::text[], $3::uuid[], $4::uuid[]) AS u(subject, pathway, event)
       ON CONFLICT (kind, subject_id) DO NOTHING RETURNING subject_id, event_id`,
      [kind, rows.map((r) => r.subject), rows.map((r) => r.pathwayId), rows.map((r) => r.eventId), detectedAt],
    );
    return new Map(inserted.map((r) => [r.subject_id, r.event_id]));
  }

  /** Open pathways past their first-conversation deadline, per municipality. */
  async breachedPerMunicipality(
    manager: EntityManager,
    today: string,
  ): Promise<Array<{ municipality: string; count: number }>> {
    return manager.query(
      `SELECT coalesce(municipality_code, 'unknown') AS municipality, count(*)::int AS count FROM pathway_summary
        WHERE NOT closed AND first_conversation_held_at IS NULL AND first_conversation_due < $1::date GROUP BY 1`,
      [today],
    );
  }

  /** Open pathways whose first-conversation deadline falls in [today, until], per municipality. */
  async approachingPerMunicipality(
    manager: EntityManager,
    today: string,
    until: string,
  ): Promise<Array<{ municipality: string; count: number }>> {
    return manager.query(
      `SELECT coalesce(municipality_code, 'unknown') AS municipality, count(*)::int AS count FROM pathway_summary
        WHERE NOT closed AND first_conversation_held_at IS NULL AND first_conversation_due BETWEEN $1::date AND $2::date GROUP BY 1`,
      [today, until],
    );
  }

  /** Unanswered referrals over the threshold, per organisation that has not answered (its id, never a pathway). */
  async waitingTooLongPerOrganisation(
    manager: EntityManager,
    referredOnOrBefore: string,
  ): Promise<Array<{ organisation: string; count: number }>> {
    return manager.query(
      `SELECT coalesce(nullif(split_part(to_org, ':', 5), ''), 'unknown') AS organisation, count(*)::int AS count FROM bottleneck_hand_off
        WHERE status = 'waiting' AND NOT pathway_closed AND referred_at < ($1::date + 1)::timestamp AT TIME ZONE ${TZ} GROUP BY 1`,
      [referredOnOrBefore],
    );
  }
}
