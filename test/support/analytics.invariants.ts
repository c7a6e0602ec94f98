import { Client } from 'pg';

/**
 * The invariants every coordinator figure must satisfy, whatever the data
 * (issue 13: "any figure that the suite cannot pin is not shipped"):
 * - no duration is negative;
 * - work in progress is never negative, and its change over a week is that
 *   week's arrivals minus its closures;
 * - every hand-off is counted exactly once, in exactly one state;
 * - every share lies in [0, 1] and names its base, and parts add up to wholes;
 * - the figures equal a plain SQL recomputation from `timeline_entry` (the
 *   stored events), which shares no code with the projection.
 * {@link analyticsViolations} returns what is broken (empty when all holds), so
 * a failing test lists every broken invariant at once.
 */
export interface AnalyticsScope {
  /** Base URL of the timeline service (`http://127.0.0.1:3105`). */
  timelineUrl: string;
  /** A coordinator's bearer token. */
  token: string;
  /** The timeline's database (connection URL). */
  databaseUrl: string;
  /** Restrict to one municipality (other tests share the broker); absent = the whole chain. */
  municipality?: string;
  /** The flow's period (Amsterdam calendar dates). */
  from: string;
  to: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every coordinator figure, as the API serves it (asOf removed: it is the moment of asking). */
export async function coordinatorFigures(scope: AnalyticsScope): Promise<Record<string, Json>> {
  const filter = scope.municipality ? `municipality=${scope.municipality}&` : '';
  const endpoints = {
    wgsDeadlines: `wgs-deadlines?${filter}limit=1000`,
    handOffs: `hand-offs?${filter}limit=1000`,
    phaseDurations: `phase-durations?${filter}`,
    stalled: `stalled?${filter}limit=1000`,
    pillarToPost: `pillar-to-post?${filter}minIndex=1&limit=1000`,
    outcomes: `outcomes?${filter}`,
    flow: `flow?${filter}from=${scope.from}&to=${scope.to}`,
  };
  const figures: Record<string, Json> = {};
  for (const [name, path] of Object.entries(endpoints)) {
    const response = await fetch(`${scope.timelineUrl}/api/v1/bottlenecks/${path}`, {
      headers: { authorization: `Bearer ${scope.token}`, 'x-purpose': 'chain-monitoring' },
    });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    const { asOf: _asOf, ...body } = (await response.json()) as Json;
    figures[name] = body;
  }
  return figures;
}

/** The broken invariants of the figures (empty when every one holds). */
export async function analyticsViolations(scope: AnalyticsScope): Promise<string[]> {
  const figures = await coordinatorFigures(scope);
  const recomputed = await recomputeFromEvents(scope);
  const broken: string[] = [];
  const check = (holds: boolean, what: string) => {
    if (!holds) broken.push(what);
  };
  const nonNegative = (value: unknown, what: string) =>
    check(value === null || (typeof value === 'number' && value >= 0), `${what} is ${String(value)}, below 0`);
  const inUnitRange = (value: unknown, what: string) =>
    check(
      value === null || (typeof value === 'number' && value >= 0 && value <= 1),
      `${what} = ${String(value)} is not in [0, 1]`,
    );

  // Durations.
  const { phases, settlementPreparation, firstAppointment } = figures.phaseDurations!;
  for (const p of phases as Json[])
    for (const key of ['medianDays', 'p90Days', 'meanDays', 'ongoing', 'count'])
      nonNegative(p[key], `phase ${p.phase} ${key}`);
  for (const key of ['medianDays', 'p90Days', 'meanDays']) {
    nonNegative(settlementPreparation[key], `settlementPreparation.${key}`);
    nonNegative(firstAppointment[key], `firstAppointment.${key}`);
  }
  for (const pair of figures.handOffs!.pairs as Json[])
    for (const d of ['referralToAcceptance', 'acceptanceToFirstContact'])
      for (const key of ['medianHours', 'p90Hours', 'meanHours'])
        nonNegative(pair[d][key], `hand-off ${pair.fromOrg} -> ${pair.toOrg} ${d}.${key}`);
  check(
    recomputed.minStayDays === null || recomputed.minStayDays >= 0,
    `a phase stay of ${recomputed.minStayDays} days`,
  );

  // Phase durations equal the recomputation from the events.
  const served = Object.fromEntries(
    (phases as Json[]).map((p) => [p.phase, { count: p.count, meanDays: p.meanDays, ongoing: p.ongoing }]),
  );
  check(
    JSON.stringify(sortKeys(served)) === JSON.stringify(sortKeys(recomputed.phases)),
    `phase durations ${JSON.stringify(served)} differ from the recomputation ${JSON.stringify(recomputed.phases)}`,
  );

  // Flow: work in progress never negative; its weekly change is arrivals minus closures; arrivals and closures recomputed.
  const weeks = figures.flow!.weeks as Json[];
  let previousTotal: number | undefined;
  for (const week of weeks) {
    for (const [phase, n] of Object.entries(week.workInProgress as Record<string, number>))
      nonNegative(n, `work in progress in ${phase}, week ${week.week}`);
    const total = Object.values(week.workInProgress as Record<string, number>).reduce((a, b) => a + b, 0);
    if (previousTotal !== undefined)
      check(
        total - previousTotal === week.arrivals - week.closures,
        `week ${week.week}: work in progress changed by ${total - previousTotal}, arrivals - closures = ${week.arrivals - week.closures}`,
      );
    else
      check(
        total === recomputed.openAtEndOfFirstWeek,
        `week ${week.week}: work in progress ${total}, but ${recomputed.openAtEndOfFirstWeek} pathways were open at its end`,
      );
    previousTotal = total;
    check(
      week.arrivals === (recomputed.arrivals[week.week] ?? 0),
      `week ${week.week}: ${week.arrivals} arrivals, recomputed ${recomputed.arrivals[week.week] ?? 0}`,
    );
    check(
      week.closures === (recomputed.closures[week.week] ?? 0),
      `week ${week.week}: ${week.closures} closures, recomputed ${recomputed.closures[week.week] ?? 0}`,
    );
  }

  // Hand-offs: each counted once, in one state; per pair equal to the recomputation.
  const pairs = figures.handOffs!.pairs as Json[];
  for (const p of pairs)
    check(
      p.referrals === p.accepted + p.declined + p.waiting + p.closedUnanswered,
      `hand-off ${p.fromOrg} -> ${p.toOrg}: ${p.referrals} referrals but ${p.accepted} + ${p.declined} + ${p.waiting} + ${p.closedUnanswered} in a state`,
    );
  const servedPairs = pairs.map((p) => [
    p.fromOrg,
    p.toOrg,
    p.referrals,
    p.accepted,
    p.declined,
    p.waiting,
    p.closedUnanswered,
  ]);
  check(
    JSON.stringify(servedPairs) === JSON.stringify(recomputed.pairs),
    `hand-off pairs ${JSON.stringify(servedPairs)} differ from the recomputation ${JSON.stringify(recomputed.pairs)}`,
  );
  check(
    figures.handOffs!.waitingTotal === pairs.reduce((n, p) => n + p.waiting, 0),
    `${figures.handOffs!.waitingTotal} referrals listed as waiting, the pairs count ${pairs.reduce((n, p) => n + p.waiting, 0)}`,
  );

  // Pillar-to-post: the documented formula, hand-offs as recomputed.
  for (const row of figures.pillarToPost!.pathways as Json[]) {
    check(
      row.index === row.handOffs + 2 * row.declined + 3 * row.bounces,
      `pillar-to-post index of ${row.pathwayId} is not the formula`,
    );
    check(
      row.handOffs === (recomputed.handOffsPerPathway[row.pathwayId] ?? 0),
      `pathway ${row.pathwayId}: ${row.handOffs} hand-offs, recomputed ${recomputed.handOffsPerPathway[row.pathwayId] ?? 0}`,
    );
    check(
      row.declined <= row.handOffs && row.bounces <= row.handOffs,
      `pathway ${row.pathwayId}: more declines or bounces than hand-offs`,
    );
  }

  // Outcomes: shares in [0, 1] with their base, parts adding up.
  const o = figures.outcomes!;
  inUnitRange(o.dropOutShare, 'outcomes.dropOutShare');
  inUnitRange(o.cohort.dropOutShare, 'outcomes.cohort.dropOutShare');
  check(
    o.dropOutShareBase === 'closed' &&
      o.cohort.dropOutShareBase === 'registered' &&
      o.normDropOutShareBase === 'registered',
    'a share without its base',
  );
  check(
    o.closed === (o.byPhase as Json[]).reduce((n, p) => n + p.count, 0),
    'closures per phase do not add up to the closures',
  );
  check(
    o.closed === (o.byPhaseAndReason as Json[]).reduce((n, p) => n + p.count, 0),
    'closures per reason do not add up to the closures',
  );
  check(o.droppedOutBeforeSettlement <= o.closed, 'more drop-outs than closures');
  const c = o.cohort;
  check(
    c.registered === c.reachedSettlement + c.droppedOut + c.openBeforeSettlement + c.closedOtherwise,
    `cohort of ${c.registered} splits into ${c.reachedSettlement} + ${c.droppedOut} + ${c.openBeforeSettlement} + ${c.closedOtherwise}`,
  );
  check(
    c.registered === recomputed.registered,
    `cohort of ${c.registered} registered, recomputed ${recomputed.registered}`,
  );

  // Wgs deadlines: counts agree with the list; held on time within held.
  const w = figures.wgsDeadlines!;
  check(
    w.overdue + w.approaching === w.total,
    `deadlines: ${w.overdue} overdue + ${w.approaching} approaching, ${w.total} listed`,
  );
  for (const week of w.weekly as Json[]) {
    check(
      week.onTime + week.late === week.held && week.onTime >= 0 && week.late >= 0,
      `week ${week.week}: on time and late do not add up to held`,
    );
    inUnitRange(week.onTimeShare, `week ${week.week} onTimeShare`);
  }
  for (const p of w.pathways as Json[]) {
    nonNegative(p.workingDaysLeft, `working days left of ${p.pathwayId}`);
    nonNegative(p.workingDaysOverdue, `working days overdue of ${p.pathwayId}`);
  }

  // Stalled: the groups add up to the total; nobody is quiet for a negative time.
  const s = figures.stalled!;
  check(s.total === (s.byPhaseAndOwner as Json[]).reduce((n, g) => n + g.count, 0), 'stalled groups do not add up');
  for (const p of s.pathways as Json[])
    nonNegative(p.daysSinceLastEvent, `days since the last event of ${p.pathwayId}`);
  return broken;
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

interface Recomputed {
  minStayDays: number | null;
  phases: Record<string, { count: number; meanDays: number | null; ongoing: number }>;
  arrivals: Record<string, number>;
  closures: Record<string, number>;
  /** Pathways started and not closed at the end of the flow's first week. */
  openAtEndOfFirstWeek: number;
  pairs: Array<[string, string, number, number, number, number, number]>;
  handOffsPerPathway: Record<string, number>;
  registered: number;
}

/**
 * The figures again, in plain SQL over the stored events only. Business time
 * of an event: its `requestedAt` / `signalledAt` / `heldAt` / `decidedAt` /
 * `at` (a date alone: midday UTC), never later than the event itself.
 */
export async function recomputeFromEvents(scope: AnalyticsScope): Promise<Recomputed> {
  const client = new Client({ connectionString: scope.databaseUrl });
  await client.connect();
  try {
    const base = `
      WITH ev AS (
        SELECT pathway_id, split_part(type, '.', 4) AS name, source, data,
               LEAST(occurred_at, COALESCE((CASE WHEN v ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN v || 'T12:00:00Z' ELSE v END)::timestamptz, occurred_at)) AS at
          FROM (SELECT *, CASE split_part(type, '.', 4)
                  WHEN 'help-requested' THEN data->>'requestedAt' WHEN 'early-signal-received' THEN data->>'signalledAt'
                  WHEN 'first-conversation-held' THEN data->>'heldAt' WHEN 'intake-decided' THEN data->>'decidedAt'
                  WHEN 'hearing-scheduled' THEN NULL ELSE data->>'at' END AS v FROM timeline_entry) e
      ),
      pathway AS (
        SELECT pathway_id, min(at) AS started_at,
               max(at) FILTER (WHERE name = 'pathway-closed') AS closed_at,
               bool_or(name = 'pathway-merged') AS merged,
               COALESCE(max(data->>'municipalityCode') FILTER (WHERE name = 'help-requested'),
                        min(split_part(source, ':', 5)) FILTER (WHERE split_part(source, ':', 4) = 'municipality')) AS municipality
          FROM ev GROUP BY pathway_id
      ),
      scoped AS (SELECT * FROM pathway WHERE $1::text IS NULL OR municipality = $1::text)`;
    const municipality = scope.municipality ?? null;
    const week = (col: string) => `to_char(date_trunc('week', ${col} AT TIME ZONE 'Europe/Amsterdam'), 'YYYY-MM-DD')`;
    const counts = async (sql: string, params: unknown[] = []) =>
      Object.fromEntries((await client.query(sql, [municipality, ...params])).rows.map((r) => [r.week, Number(r.n)]));
    // The period as the endpoint reads it: from its first day 00:00 to the day after its last, in Amsterdam.
    const inPeriod = (col: string) =>
      `${col} >= $2::date::timestamp AT TIME ZONE 'Europe/Amsterdam' AND ${col} < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`;
    const arrivals = await counts(
      `${base} SELECT ${week('started_at')} AS week, count(*) AS n FROM scoped WHERE NOT merged AND ${inPeriod('started_at')} GROUP BY 1`,
      [scope.from, scope.to],
    );
    const closures = await counts(
      `${base} SELECT ${week('closed_at')} AS week, count(*) AS n FROM scoped WHERE NOT merged AND closed_at IS NOT NULL AND ${inPeriod('closed_at')} GROUP BY 1`,
      [scope.from, scope.to],
    );
    const openAtEnd = await client.query(
      `${base} SELECT count(*) FILTER (WHERE started_at < e) - count(*) FILTER (WHERE closed_at < e) AS n
         FROM scoped, (SELECT ((date_trunc('week', $2::date::timestamp) + interval '7 days')::timestamp AT TIME ZONE 'Europe/Amsterdam') AS e) x
        WHERE NOT merged`,
      [municipality, scope.from],
    );
    const openInFirstWeek = Number(openAtEnd.rows[0].n);
    const stays = await client.query(
      `${base},
      change AS (
        SELECT s.pathway_id, 'aanmelding' AS phase, s.started_at AS at, 0 AS ord, s.closed_at FROM scoped s WHERE NOT s.merged
        UNION ALL
        SELECT e.pathway_id, e.data->>'to', e.at, 1, s.closed_at FROM ev e JOIN scoped s USING (pathway_id)
         WHERE NOT s.merged AND e.name = 'phase-changed' AND e.data->>'to' IS NOT NULL AND e.data->>'to' <> 'uitstroom'
           AND (s.closed_at IS NULL OR e.at <= s.closed_at)
      ),
      ordered AS (SELECT *, lag(phase) OVER (PARTITION BY pathway_id ORDER BY at, ord, phase) AS previous FROM change),
      kept AS (SELECT * FROM ordered WHERE previous IS NULL OR previous <> phase),
      stay AS (SELECT phase, at AS entered, COALESCE(lead(at) OVER (PARTITION BY pathway_id ORDER BY at, ord, phase), closed_at) AS left_at FROM kept)
      SELECT phase, count(left_at) AS completed, count(*) FILTER (WHERE left_at IS NULL) AS ongoing,
             round(avg(extract(epoch FROM left_at - entered) / 86400.0), 2)::float8 AS mean,
             min(extract(epoch FROM left_at - entered) / 86400.0)::float8 AS min
        FROM stay GROUP BY phase`,
      [municipality],
    );
    const phases: Recomputed['phases'] = {};
    let minStayDays: number | null = null;
    for (const r of stays.rows) {
      phases[r.phase] = { count: Number(r.completed), meanDays: r.mean, ongoing: Number(r.ongoing) };
      if (r.min !== null) minStayDays = minStayDays === null ? r.min : Math.min(minStayDays, r.min);
    }
    const referrals = await client.query(
      `${base},
      made AS (
        SELECT DISTINCT ON (e.pathway_id, e.data->>'referralId') e.pathway_id, e.data->>'referralId' AS referral_id, e.data->>'fromOrg' AS from_org, e.data->>'toOrg' AS to_org
          FROM ev e JOIN scoped s USING (pathway_id) WHERE e.name = 'referral-made'
      ),
      state AS (
        SELECT m.*, CASE
            WHEN EXISTS (SELECT 1 FROM ev a WHERE a.pathway_id = m.pathway_id AND a.data->>'referralId' = m.referral_id AND a.name = 'referral-declined') THEN 'declined'
            WHEN EXISTS (SELECT 1 FROM ev a WHERE a.pathway_id = m.pathway_id AND a.data->>'referralId' = m.referral_id AND a.name IN ('referral-accepted', 'pathway-merged')) THEN 'accepted'
            WHEN EXISTS (SELECT 1 FROM ev a WHERE a.pathway_id = m.pathway_id AND a.name IN ('pathway-closed', 'pathway-merged')) THEN 'closed-unanswered'
            ELSE 'waiting' END AS state
          FROM made m
      )
      SELECT from_org, to_org, count(*)::int AS referrals,
             count(*) FILTER (WHERE state = 'accepted')::int AS accepted, count(*) FILTER (WHERE state = 'declined')::int AS declined,
             count(*) FILTER (WHERE state = 'waiting')::int AS waiting, count(*) FILTER (WHERE state = 'closed-unanswered')::int AS closed_unanswered
        FROM state GROUP BY from_org, to_org ORDER BY from_org, to_org`,
      [municipality],
    );
    const perPathway = await client.query(
      `${base} SELECT e.pathway_id, count(DISTINCT e.data->>'referralId')::int AS n FROM ev e JOIN scoped s USING (pathway_id) WHERE e.name = 'referral-made' GROUP BY 1`,
      [municipality],
    );
    const registered = await client.query(`${base} SELECT count(*)::int AS n FROM scoped WHERE NOT merged`, [
      municipality,
    ]);
    return {
      minStayDays,
      phases,
      arrivals,
      closures,
      openAtEndOfFirstWeek: openInFirstWeek,
      pairs: referrals.rows.map((r) => [
        r.from_org,
        r.to_org,
        r.referrals,
        r.accepted,
        r.declined,
        r.waiting,
        r.closed_unanswered,
      ]),
      handOffsPerPathway: Object.fromEntries(perPathway.rows.map((r) => [r.pathway_id, r.n])),
      registered: registered.rows[0].n,
    };
  } finally {
    await client.end();
  }
}
