import { randomUUID } from 'node:crypto';
import { CHAIN_SERVICES, startChain, type Chain, type ChainService } from '../support/chain.stack';
import {
  ACTOR_NAMES,
  ACTORS,
  ENDPOINTS,
  FINDINGS,
  MISSING_ENDPOINTS,
  OWN_PATHWAY_SUMMARY,
  TARGET_KINDS,
  expectedOutcome,
  type Actor,
  type EndpointRule,
  type Expected,
  type PathwayKind,
  type ProbeTarget,
} from '../support/authorisation.matrix';
import {
  MatrixWorld,
  actorTokens,
  calendarDays,
  call,
  type Answer,
  type PathwaySet,
} from '../support/authorisation.fixture';
import { PartnerReceiver } from '../support/partner.receiver';
import { randomBsn } from '../support/resident.fixture';
import { waitFor } from '@ketenpad/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

const SERVICES: readonly ChainService[] = [...CHAIN_SERVICES, 'partner-gateway'];
const CONCURRENCY = 10;

/** One call of the matrix and what came of it. */
interface Cell {
  rule: EndpointRule;
  actor: Actor;
  pathway: PathwayKind | null;
  expected: Expected;
  target: ProbeTarget;
  correlationId: string;
  answer?: Answer;
}

const label = (rule: EndpointRule): string => `${rule.service} ${rule.method} ${rule.path}`;
const isRead = (rule: EndpointRule): boolean => rule.method === 'GET';
const allowed = (cell: Cell): boolean => cell.expected.kind === 'allowed';
const success = (status: number): boolean => status >= 200 && status < 300;

function findingFor(cell: Cell) {
  return FINDINGS.find(
    (f) =>
      f.service === cell.rule.service &&
      f.method === cell.rule.method &&
      f.paths.includes(cell.rule.path) &&
      f.actors.includes(cell.actor) &&
      cell.pathway !== null &&
      f.pathways.includes(cell.pathway),
  );
}

/** Runs `work` over `items`, `CONCURRENCY` at a time. */
async function inPool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Issue 6 acceptance (QUALITY.md F8): every role × every endpoint ×
 * own/foreign/consented/withdrawn pathway, against the need-to-know design
 * of test/support/authorisation.matrix.ts. Reads run on the fixtures; writes a
 * caller may not make run on the fixtures too (and must change nothing);
 * writes a caller may make run on a second, scratch copy of the fixtures, so
 * no write disturbs another cell.
 */
describe('the authorisation matrix (issue 6, QUALITY.md F8)', () => {
  let chain: Chain;
  let world: MatrixWorld;
  let receiver: PartnerReceiver;
  let tokens: Record<Actor, string | undefined>;
  let fixtures: PathwaySet;
  let scratch: PathwaySet;
  const subscriptions = { fixture: '', scratch: '', foreign: '' };
  const days = calendarDays();
  const deviations: string[] = [];
  const summary: string[] = [];
  const nonexistent = MISSING_ENDPOINTS.map((m) => `${m.service} ${m.method} ${m.path}`);

  beforeAll(async () => {
    chain = await startChain({ services: SERVICES, env: { PARTNER_GATEWAY_POLL_INTERVAL_MS: '100' } });
    world = await MatrixWorld.open(chain);
    receiver = await PartnerReceiver.start({ kind: 'ok' });
    tokens = await actorTokens(chain);
    [fixtures, scratch] = await Promise.all([world.buildPathways('fixtures'), world.buildPathways('scratch copies')]);
    [subscriptions.fixture, subscriptions.scratch, subscriptions.foreign] = await Promise.all([
      world.subscription('PT-WOONSTAD', receiver.url),
      world.subscription('PT-WOONSTAD', receiver.url),
      world.subscription('PT-ANDERS', receiver.url),
    ]);
  }, 180_000);

  afterAll(async () => {
    await world?.close();
    await receiver?.close();
    await chain?.stop();
  });

  function probeTarget(
    rule: EndpointRule,
    pathway: PathwayKind | null,
    set: PathwaySet,
    subscription: string,
  ): ProbeTarget {
    const base = { today: days.today, plusDays: days.plusDays, callbackUrl: receiver.url, consentId: randomUUID() };
    if (pathway === null) return base;
    const fixture = set[pathway];
    const consentId = fixture.consentIds[0] ?? base.consentId;
    const pathwayId = fixture.pathwayId;
    switch (rule.target) {
      case 'pathway':
      case 'erased-pathway':
        return { ...base, consentId, pathwayId };
      case 'social-work-referral':
        return { ...base, pathwayId, resourceId: fixture.socialWorkReferralId! };
      case 'court-referral':
        return { ...base, pathwayId, resourceId: fixture.courtReferralId! };
      case 'gp-referral':
        return { ...base, pathwayId, resourceId: fixture.gpReferralId! };
      case 'gp-consent':
        return { ...base, pathwayId, resourceId: fixture.gpConsentId! };
      case 'event':
        return { ...base, pathwayId, resourceId: fixture.eventId };
      case 'subscription':
        return { ...base, resourceId: pathway === 'own' ? subscription : subscriptions.foreign };
      case 'none':
        return base;
    }
  }

  function url(rule: EndpointRule, t: ProbeTarget): string {
    const path = rule.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      const fixed = rule.params?.[name];
      if (fixed !== undefined) return encodeURIComponent(fixed);
      const pathwayTarget = rule.target === 'pathway' || rule.target === 'erased-pathway';
      if (pathwayTarget && (name === 'id' || name === 'pathwayId')) return t.pathwayId!;
      if (pathwayTarget && name === 'consentId') return t.consentId;
      return t.resourceId!;
    });
    const query = rule.query ? `?${new URLSearchParams(rule.query(t)).toString()}` : '';
    return `${chain.url[rule.service]}${path}${query}`;
  }

  /** The cells of `rules`: every actor, on every kind its target has (one cell for `none`). */
  function cells(
    rules: readonly EndpointRule[],
    set: (cell: Omit<Cell, 'target' | 'correlationId'>) => ProbeTarget,
  ): Cell[] {
    const result: Cell[] = [];
    for (const rule of rules) {
      if (nonexistent.includes(label(rule))) continue;
      const kinds = TARGET_KINDS[rule.target].length > 0 ? TARGET_KINDS[rule.target] : [null];
      for (const pathway of kinds)
        for (const actor of ACTOR_NAMES) {
          const partial = { rule, actor, pathway, expected: expectedOutcome(rule, actor, pathway) };
          result.push({ ...partial, target: set(partial), correlationId: randomUUID() });
        }
    }
    return result;
  }

  async function probe(cell: Cell): Promise<void> {
    cell.answer = await call(cell.rule.method, url(cell.rule, cell.target), tokens[cell.actor], {
      correlationId: cell.correlationId,
      ...(cell.rule.body ? { body: cell.rule.body(cell.target) } : {}),
    });
  }

  /** Whether the answer is what the design says (or what a pinned finding says the service does instead). */
  function judge(cell: Cell, allowedWrite = false): string | undefined {
    const status = cell.answer!.status;
    const finding = findingFor(cell);
    const designed = allowed(cell)
      ? allowedWrite
        ? success(status) || status === 409
        : success(status)
      : cell.expected.kind === 'refused' && status === cell.expected.status;
    const line = (why: string) =>
      `${label(cell.rule)} | ${cell.actor} | ${cell.pathway ?? '-'} | expected ${
        cell.expected.kind === 'allowed'
          ? allowedWrite
            ? '2xx/409'
            : '2xx'
          : `${cell.expected.status} (${cell.expected.because})`
      } | got ${status} ${JSON.stringify(cell.answer!.body)?.slice(0, 160)}${why}`;
    if (finding) {
      if (finding.actual === 'got through' ? success(status) || status === 409 : status === finding.actual) {
        deviations.push(line(` [pinned finding: ${finding.note}]`));
        return undefined;
      }
      return line(` [pinned finding expects ${finding.actual}: fixed? then remove it from FINDINGS]`);
    }
    return designed ? undefined : line('');
  }

  async function accessLogRows(service: ChainService, correlationIds: string[]) {
    return world.query<{ correlation_id: string; pathway_id: string; organisation_id: string; resource: string }>(
      service,
      'SELECT correlation_id, pathway_id, organisation_id, resource FROM access_log WHERE correlation_id = ANY($1::text[])',
      [correlationIds],
    );
  }

  /** The values of every `key` field of an answer, at any depth. */
  function idsNamed(body: unknown, key: string, into = new Set<string>()): Set<string> {
    if (Array.isArray(body)) body.forEach((item) => idsNamed(item, key, into));
    else if (body !== null && typeof body === 'object')
      for (const [name, value] of Object.entries(body)) {
        if (name === key && typeof value === 'string') into.add(value);
        else idsNamed(value, key, into);
      }
    return into;
  }

  /** The id by which a list names the fixture of `kind`. */
  function listedId(rule: EndpointRule, set: PathwaySet, kind: PathwayKind): string | undefined {
    return rule.listedBy === 'referralId' ? set[kind].gpReferralId : set[kind].pathwayId;
  }

  /** Every allowed read of pathway data is in the service's access log; a refused one is not. */
  async function checkAccessLog(readCells: Cell[], set: PathwaySet): Promise<string[]> {
    const problems: string[] = [];
    for (const service of SERVICES) {
      const ofService = readCells.filter((c) => c.rule.service === service);
      const rows = await accessLogRows(
        service,
        ofService.map((c) => c.correlationId),
      );
      for (const cell of ofService) {
        const logged = rows.filter((r) => r.correlation_id === cell.correlationId);
        const where = `${label(cell.rule)} | ${cell.actor} | ${cell.pathway ?? '-'}`;
        if (!success(cell.answer!.status)) {
          if (logged.length > 0)
            problems.push(`${where}: refused (${cell.answer!.status}) yet logged ${JSON.stringify(logged)}`);
          continue;
        }
        if (cell.rule.logs === undefined) continue;
        // A list: every pathway it names, and the fixtures it must list (a GP's list names referrals, not pathways).
        const expectedPathways =
          cell.pathway === null
            ? [
                ...idsNamed(cell.answer!.body, 'pathwayId'),
                ...(cell.rule.lists?.[cell.actor]?.includes ?? []).map((kind) => set[kind].pathwayId),
              ]
            : [set[cell.pathway].pathwayId];
        for (const pathwayId of expectedPathways) {
          const row = logged.find((r) => r.pathway_id === pathwayId);
          if (!row) problems.push(`${where}: read of ${pathwayId} missing from the ${service} access log`);
          else if (row.organisation_id !== ACTORS[cell.actor].orgId || !row.resource.startsWith(cell.rule.logs))
            problems.push(
              `${where}: logged as ${JSON.stringify(row)}, expected ${ACTORS[cell.actor].orgId} / ${cell.rule.logs}`,
            );
        }
      }
    }
    return problems;
  }

  it('covers every endpoint the six services document, and every endpoint the design requires exists', async () => {
    // given the endpoints each service documents in its OpenAPI
    const documented: string[] = [];
    for (const service of SERVICES) {
      const docs = (await call('GET', `${chain.url[service]}/api/v1/openapi.json`, undefined)).body as {
        servers: { url: string }[];
        paths: Record<string, Record<string, unknown>>;
      };
      // Paths are relative to the server URL (`/api/v1`).
      for (const [path, operations] of Object.entries(docs.paths))
        for (const method of Object.keys(operations))
          documented.push(`${service} ${method.toUpperCase()} ${docs.servers[0]!.url}${path}`);
    }
    const designed = ENDPOINTS.map(label);
    // then every documented endpoint has a decision in the table, and every decision an endpoint
    expect(documented.filter((e) => !designed.includes(e))).toEqual([]);
    expect(designed.filter((e) => !documented.includes(e))).toEqual(nonexistent);
    expect(new Set(designed).size).toBe(designed.length);
  });

  let readCells: Cell[] = [];

  it('answers every read exactly as the need-to-know design allows: 2xx for allowed cells, 401/403/404 for the others', async () => {
    // given every read cell on the fixtures
    readCells = cells(
      ENDPOINTS.filter((r) => isRead(r) && r.target !== 'erased-pathway'),
      (c) => probeTarget(c.rule, c.pathway, fixtures, subscriptions.fixture),
    );
    // when each caller reads
    await inPool(readCells, probe);
    // then
    expect(readCells.map((c) => judge(c)).filter(Boolean)).toEqual([]);
    const listProblems: string[] = [];
    for (const cell of readCells.filter((c) => c.rule.lists?.[c.actor] && success(c.answer!.status))) {
      const listed = idsNamed(cell.answer!.body, cell.rule.listedBy ?? 'pathwayId');
      const { includes, excludes } = cell.rule.lists![cell.actor]!;
      for (const kind of includes)
        if (!listed.has(listedId(cell.rule, fixtures, kind)!))
          listProblems.push(`${label(cell.rule)} | ${cell.actor}: ${kind} not listed`);
      for (const kind of excludes)
        if (listed.has(listedId(cell.rule, fixtures, kind)!))
          listProblems.push(`${label(cell.rule)} | ${cell.actor}: ${kind} listed`);
    }
    expect(listProblems).toEqual([]);
    expect(readCells.length).toBeGreaterThan(500);
    summary.push(
      `reads: ${readCells.length} cells, ${readCells.filter((c) => success(c.answer!.status)).length} allowed`,
    );
  });

  it('records every allowed read of pathway data in that service’s access log, by correlation id, and no refused one', async () => {
    expect(readCells.length).toBeGreaterThan(0);
    expect(await checkAccessLog(readCells, fixtures)).toEqual([]);
  });

  let writeCells: Cell[] = [];

  it('refuses every write the design does not allow, with 401/403/404, and the refused writes change nothing', async () => {
    // given every write cell, and what each service has published so far
    writeCells = cells(
      ENDPOINTS.filter((r) => !isRead(r)),
      (c) =>
        probeTarget(
          c.rule,
          c.pathway,
          c.expected.kind === 'allowed' ? scratch : fixtures,
          c.expected.kind === 'allowed' ? subscriptions.scratch : subscriptions.fixture,
        ),
    );
    const refused = writeCells.filter((c) => !allowed(c) && !findingFor(c));
    const published = async () =>
      Object.fromEntries(
        await Promise.all(
          SERVICES.map(
            async (s) => [s, (await world.query<{ n: string }>(s, 'SELECT count(*) AS n FROM outbox'))[0]!.n] as const,
          ),
        ),
      );
    const before = await published();
    // when each caller tries the writes it may not make
    await inPool(refused, probe);
    // then each is refused, and no service published anything
    expect(refused.map((c) => judge(c)).filter(Boolean)).toEqual([]);
    expect(await published()).toEqual(before);
  });

  it('lets every write the design allows through (2xx, or 409 where the scratch pathway’s state refuses it)', async () => {
    // given the allowed writes (on the scratch copies) and the pinned findings, grouped so that
    // one service's writes on one pathway run in table order; deletions last
    const pending = writeCells.filter((c) => allowed(c) || findingFor(c));
    const groups = new Map<string, Cell[]>();
    for (const cell of pending) {
      const key = `${cell.rule.method === 'DELETE' ? 'z' : 'a'} ${cell.rule.service} ${cell.target.pathwayId ?? cell.target.resourceId ?? cell.correlationId}`;
      groups.set(key, [...(groups.get(key) ?? []), cell]);
    }
    const ordered = [...groups.keys()].sort();
    // when each group runs
    await inPool(
      ordered.filter((k) => k.startsWith('a')),
      async (key) => {
        for (const cell of groups.get(key)!) await probe(cell);
      },
    );
    await inPool(
      ordered.filter((k) => k.startsWith('z')),
      async (key) => {
        for (const cell of groups.get(key)!) await probe(cell);
      },
    );
    // then
    const conflicts = pending.filter((c) => allowed(c) && c.answer!.status === 409);
    summary.push(
      `allowed writes: ${pending.filter((c) => allowed(c)).length - conflicts.length} succeeded, ${conflicts.length} refused by the domain (409) in the scratch state:`,
      ...conflicts.map(
        (c) => `  ${label(c.rule)} | ${c.actor} | ${c.pathway ?? '-'}: ${JSON.stringify(c.answer!.body?.message)}`,
      ),
    );
    expect(pending.map((c) => judge(c, allowed(c))).filter(Boolean)).toEqual([]);
    expect(pending.filter((c) => allowed(c) && success(c.answer!.status)).length).toBeGreaterThan(40);
  });

  it('shows an erasure’s progress only to the responsible municipality, and logs every read of it', async () => {
    // given the scratch pathways' personal data erased (GM0363's by the write cells above)
    await world.eraseAsGM0344(scratch.foreign.pathwayId);
    const erasureCells = cells(
      ENDPOINTS.filter((r) => r.target === 'erased-pathway'),
      (c) => probeTarget(c.rule, c.pathway, scratch, subscriptions.scratch),
    );
    // when each caller asks
    await inPool(erasureCells, probe);
    // then
    expect(erasureCells.map((c) => judge(c)).filter(Boolean)).toEqual([]);
    expect(await checkAccessLog(erasureCells, scratch)).toEqual([]);
  });

  /** The values of `key` in the data of the events an answer shows. */
  const dataValues = (events: { data?: Record<string, unknown> }[], key: string): string[] =>
    events.flatMap((e) => {
      const value = e.data?.[key];
      return typeof value === 'string' ? [value] : [];
    });

  it('derives every summary field a reader is shown from the events it may read (issue 12), per role', async () => {
    // given a legal event on the own pathway, seen by the coordinator
    await world.requestMoratorium(fixtures.own.pathwayId);
    const own = fixtures.own.pathwayId;
    await waitFor(
      async () =>
        (await call('GET', `${chain.url.timeline}/api/v1/pathways/${own}`, tokens['coordinator KR-001'])).body
          ?.legalStatus === 'moratorium-requested' || undefined,
      { timeoutMs: 30_000, intervalMs: 250, description: 'the moratorium request in the timeline' },
    );
    const problems: string[] = [];
    for (const [actor, expected] of Object.entries(OWN_PATHWAY_SUMMARY) as [
      Actor,
      NonNullable<(typeof OWN_PATHWAY_SUMMARY)[Actor]>,
    ][]) {
      // when each reader of the own pathway reads its summary and its timeline
      const summary = await call('GET', `${chain.url.timeline}/api/v1/pathways/${own}`, tokens[actor]);
      const timeline = await call('GET', `${chain.url.timeline}/api/v1/pathways/${own}/timeline`, tokens[actor]);
      const caseload = await call(
        'GET',
        `${chain.url.timeline}/api/v1/pathways?status=all&pageSize=100`,
        tokens[actor],
      );
      const line = (what: string) => `${actor} (${expected.why}): ${what}`;
      if (summary.status !== 200 || timeline.status !== 200) {
        problems.push(line(`read refused: ${summary.status}/${timeline.status}`));
        continue;
      }
      const shown = summary.body as Record<string, unknown> & {
        referrals: { referralId: string }[];
        consents: { consentId: string }[];
        participants: string[];
        legalStatus: string | null;
        mergedInto: string | null;
      };
      const events = timeline.body.events as {
        type: string;
        source: string;
        classification: string;
        data: Record<string, unknown>;
      }[];
      // then the summary is the same in both reads, and in the caseload
      const { flags: _f1, ...a } = shown;
      const { flags: _f2, ...b } = timeline.body.pathway as Record<string, unknown>;
      if (JSON.stringify(a) !== JSON.stringify(b))
        problems.push(line('GET /pathways/{id} and /timeline summaries differ'));
      const listed = (caseload.body?.items ?? []).find((i: { pathwayId: string }) => i.pathwayId === own);
      if (listed && listed.legalStatus !== shown.legalStatus)
        problems.push(line('the caseload shows another legal status'));
      // and each field is as the table says
      if ((shown.legalStatus === 'moratorium-requested') !== expected.legalStatus)
        problems.push(line(`legalStatus ${shown.legalStatus}`));
      const referralIds = shown.referrals.map((r) => r.referralId);
      if (referralIds.includes(fixtures.own.courtReferralId!) !== expected.courtReferral)
        problems.push(
          line(`court referral ${expected.courtReferral ? 'missing' : 'shown'}: ${referralIds.join(', ')}`),
        );
      if (!expected.whole) {
        // and nothing in it that its events do not say
        const named = new Set(dataValues(events, 'referralId'));
        const consents = new Set(dataValues(events, 'consentId'));
        const orgs = new Set([...events.map((e) => e.source), ...dataValues(events, 'toOrg')]);
        for (const id of referralIds) if (!named.has(id)) problems.push(line(`referral ${id} not in its events`));
        for (const c of shown.consents)
          if (!consents.has(c.consentId)) problems.push(line(`consent ${c.consentId} not in its events`));
        for (const p of shown.participants) if (!orgs.has(p)) problems.push(line(`participant ${p} not in its events`));
        if (shown.legalStatus !== null && !events.some((e) => e.classification === 'legal'))
          problems.push(line('a legal status without a legal event'));
        if (shown.eventCount !== events.length)
          problems.push(line(`eventCount ${String(shown.eventCount)} for ${events.length} events`));
      }
      if (actor === 'gp HA-0001' && JSON.stringify(referralIds) !== JSON.stringify([fixtures.own.gpReferralId]))
        problems.push(line(`a GP sees only its own referral, got ${referralIds.join(', ')}`));
      // and no read response carries the keyed resident pseudonym (issue 12, finding 9), not even the coordinator's
      if (JSON.stringify(timeline.body).includes('residentPseudonym'))
        problems.push(line('residentPseudonym in the timeline'));
      // the response keeps its shape: every field present
      for (const field of [
        'legalStatus',
        'referrals',
        'consents',
        'participants',
        'phaseHistory',
        'mergedInto',
        'owner',
      ])
        if (!(field in shown)) problems.push(line(`${field} missing from the response`));
    }
    expect(problems).toEqual([]);
  });

  it('lets a referral teach its referrer nothing about the resident’s existing pathway (issue 12): same answer with or without one', async () => {
    // given a resident with an open pathway at GM0363 (with a consent), and one without any
    const known = randomBsn();
    const existing = await world.openPathwayOf(known);
    // when SW-RTD, with no relation to either, refers both residents to GM0363 by BSN
    const merged = await world.socialWorkReferral('SW-RTD', known);
    const opened = await world.socialWorkReferral('SW-RTD', randomBsn());
    const coordinator = tokens['coordinator KR-001'];
    const timelineUrl = (id: string) => `${chain.url.timeline}/api/v1/pathways/${id}/timeline`;
    // and GM0363 has taken both in (the one into the existing pathway, the other as a pathway of its own)
    await waitFor(
      async () => {
        const a = await call('GET', timelineUrl(merged.pathwayId), coordinator);
        const b = await call('GET', timelineUrl(opened.pathwayId), coordinator);
        const e = await call('GET', timelineUrl(existing), coordinator);
        return (
          (a.body?.pathway?.mergedInto === existing &&
            b.body?.pathway?.referrals?.[0]?.status === 'accepted' &&
            (e.body?.events ?? []).some((x: { type: string }) => x.type.endsWith('referral-accepted.v1'))) ||
          undefined
        );
      },
      { timeoutMs: 45_000, intervalMs: 250, description: 'GM0363 taking both referrals in' },
    );
    const referrer = world.token('SW-RTD');
    const seen = async (id: string) => {
      const t = await call('GET', timelineUrl(id), referrer);
      const s = await call('GET', `${chain.url.timeline}/api/v1/pathways/${id}`, referrer);
      return { t, s };
    };
    const viaMerge = await seen(merged.pathwayId);
    const viaOwn = await seen(opened.pathwayId);
    const learnt = (answer: { t: { status: number; body: Json }; s: { status: number; body: Json } }) => {
      const { pathwayId: _p, startedAt: _s, lastEventAt: _l, referrals, ...summary } = answer.s.body ?? {};
      return {
        status: [answer.t.status, answer.s.status],
        summary: {
          ...summary,
          referrals: (referrals ?? []).map((r: Json) => ({ ...r, referralId: '', madeAt: '', answeredAt: '' })),
        },
        events: (answer.t.body?.events ?? []).map((e: Json) => ({
          type: e.type,
          source: e.source,
          classification: e.classification,
          dataKeys: Object.keys(e.data ?? {}).sort(),
        })),
      };
    };
    // then the referrer sees both referrals accepted, and can tell nothing else apart
    expect(viaMerge.s.body.referrals).toMatchObject([{ referralId: merged.referralId, status: 'accepted' }]);
    expect(learnt(viaMerge)).toEqual(learnt(viaOwn));
    expect(viaMerge.s.body.mergedInto).toBeNull();
    expect(JSON.stringify([viaMerge.s.body, viaMerge.t.body])).not.toContain(existing);
    // and it is no participant of the existing pathway: that is unknown to it
    expect((await call('GET', `${chain.url.timeline}/api/v1/pathways/${existing}`, referrer)).status).toBe(404);
    expect((await call('GET', timelineUrl(existing), referrer)).status).toBe(404);
    const existingSeen = await call('GET', `${chain.url.timeline}/api/v1/pathways/${existing}`, coordinator);
    expect(existingSeen.body.participants).not.toContain('urn:nld:ketenpad:social-work:SW-RTD');
    // nor listed in its caseload, where its two referrals look alike
    const list = await call('GET', `${chain.url.timeline}/api/v1/pathways?status=all&pageSize=100`, referrer);
    const listedIds = (list.body.items as { pathwayId: string }[]).map((i) => i.pathwayId);
    expect(listedIds).not.toContain(existing);
    expect(listedIds.includes(merged.pathwayId)).toBe(listedIds.includes(opened.pathwayId));
    // while the coordinator and the municipality see the merge as it is
    const gm = tokens['counsellor GM0363'];
    expect((await call('GET', `${chain.url.timeline}/api/v1/pathways/${merged.pathwayId}`, gm)).body.mergedInto).toBe(
      existing,
    );
    const intoData = ((await call('GET', timelineUrl(existing), coordinator)).body.events as Json[])
      .filter((e) => e.type.endsWith('referral-accepted.v1'))
      .map((e) => e.data.intoPathwayId);
    expect(intoData).toContain(existing);
    // and a participant of the existing pathway other than those (PT-WOONSTAD, by consent) is not told the merge target
    const partnerView = await call('GET', timelineUrl(existing), tokens['partner PT-WOONSTAD']);
    expect(partnerView.status).toBe(200);
    expect(JSON.stringify(partnerView.body.events)).not.toContain('intoPathwayId');
  });

  afterAll(() => {
    // The pinned findings, for the record of the run.
    process.stdout.write(
      `\nauthorisation matrix:\n${summary.join('\n')}\npinned findings:\n${deviations.join('\n')}\n`,
    );
  });
});
