import { createHash, randomUUID } from 'node:crypto';
import { EventCodec } from '@ketenpad/events';
import { AMSTERDAM, GP, PartnerGatewayHarness, type ChainEvent } from './partner-gateway.harness';

/**
 * Issue 6 at the gateway: the municipality's erasure request reaches the
 * pathways it merged into the erased one, and the responsible municipality
 * (only) reads who at the partners read a pathway's notifications, merged
 * pathways included.
 */
describe('partner gateway privacy', () => {
  const gateway = new PartnerGatewayHarness({
    database: 'partner_gateway_privacy',
    consumerName: 'partner-gateway.notifications.privacy-spec',
  });
  const { api, partner, send, sendTogether, publish, consumed, event, at, referral, contact } = gateway;

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());

  const count = async (query: string, params: unknown[]): Promise<number> =>
    (await gateway.sql.query(query, params)).rows[0].n as number;

  /** Tables of the gateway's database holding `value` anywhere in a row (text, json, arrays) or in a bytea column's bytes. */
  const tablesHolding = async (value: string): Promise<string[]> => {
    const { rows: columns } = await gateway.sql.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
    );
    const holding: string[] = [];
    for (const table of [...new Set(columns.map((c) => c.table_name))].sort()) {
      const bytea = columns
        .filter((c) => c.table_name === table && c.data_type === 'bytea')
        .map((c) => ` OR position(convert_to($1, 'UTF8') in r."${c.column_name}") > 0`);
      const { rows } = await gateway.sql.query(
        `SELECT 1 FROM "${table}" r WHERE strpos(r::text, $1) > 0${bytea.join('')} LIMIT 1`,
        [value],
      );
      if (rows.length > 0) holding.push(table);
    }
    return holding;
  };

  /** The GP's referral that opened a pathway of its own, with the resident's keyed pseudonym. */
  const gpReferral = (pathwayId: string, residentPseudonym: string) =>
    event('nl.ketenpad.gp.referral-made.v1', GP, pathwayId, {
      referralId: randomUUID(),
      fromOrg: GP,
      toOrg: AMSTERDAM,
      reason: 'financial-worries',
      urgent: false,
      warm: true,
      consentRef: randomUUID(),
      at: at(),
      residentPseudonym,
    });
  /** Amsterdam recognised the resident of `pathwayId` and merged it into `intoPathwayId`. */
  const merge = (pathwayId: string, intoPathwayId: string) =>
    event('nl.ketenpad.municipality.pathway-merged.v1', AMSTERDAM, pathwayId, {
      intoPathwayId,
      referralId: randomUUID(),
      at: at(),
    });
  const erasure = (pathwayId: string, erasureId: string) =>
    event('nl.ketenpad.municipality.personal-data-erased.v1', AMSTERDAM, pathwayId, { erasureId, at: at() });
  const pseudonymOf = (resident: string) => createHash('sha256').update(resident).digest('hex');
  const storedEvents = async (pathwayId: string): Promise<string[]> =>
    (
      await gateway.sql.query<{ event_id: string }>(
        'SELECT event_id FROM chain_event WHERE pathway_id = $1 ORDER BY seq',
        [pathwayId],
      )
    ).rows.map((r) => r.event_id);
  const ids = (events: readonly ChainEvent[]) => events.map((e) => e.id);

  it('erases the pathway and every pathway merged into it: event copies (the GP referral with the pseudonym), deliveries and their log; a repeated request changes nothing', async () => {
    // given a pathway opened by a GP's referral (with the resident's pseudonym) that Amsterdam merged into the
    // resident's pathway, a pathway merged into that one in turn, and an unrelated pathway; a partner was referred
    // on each and received their notifications
    const receiving = await partner();
    const [erased, merged, mergedEarlier, kept] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const pseudonym = pseudonymOf(`resident-${merged}`);
    const keptPseudonym = pseudonymOf(`resident-${kept}`);
    const gpReferrals = [gpReferral(merged, pseudonym), gpReferral(kept, keptPseudonym)];
    const erasedEvents = [referral(erased, receiving.urn), contact(erased)];
    const mergedEvents = [referral(merged, receiving.urn), contact(merged)];
    const earlierEvents = [referral(mergedEarlier, receiving.urn), contact(mergedEarlier)];
    const keptEvents = [referral(kept, receiving.urn), contact(kept)];
    // Topics are consumed independently: the GP's referrals are in before the partner's, so it is not notified of them.
    await publish(...gpReferrals);
    await publish(...erasedEvents, ...mergedEvents, ...earlierEvents, ...keptEvents);
    await publish(merge(merged, erased), merge(mergedEarlier, merged));
    await gateway.worker.drain();
    const delivered = [...ids(erasedEvents), ...ids(mergedEvents), ...ids(earlierEvents)];
    const gone = [gpReferrals[0]!.id, ...delivered];
    expect(await count('SELECT count(*)::int AS n FROM delivery_attempt WHERE event_id = ANY($1)', [delivered])).toBe(
      delivered.length,
    );
    expect(await tablesHolding(pseudonym)).toEqual(['chain_event']);
    const keptStored = await storedEvents(kept);

    // when the municipality's erasure request for the resident's pathway arrives, and is redelivered
    const erasureId = randomUUID();
    const request = erasure(erased, erasureId);
    await send(request, request);
    await consumed(request);

    // then no copy of an event of the pathway or of the pathways merged into it is left, bar the request itself
    expect(await storedEvents(erased)).toEqual([request.id]);
    expect(await storedEvents(merged)).toEqual([]);
    expect(await storedEvents(mergedEarlier)).toEqual([]);
    // and no delivery or delivery-log entry of them, nor the pseudonym anywhere in the gateway's database
    expect(await count('SELECT count(*)::int AS n FROM delivery WHERE event_id = ANY($1)', [gone])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM delivery_attempt WHERE event_id = ANY($1)', [gone])).toBe(0);
    expect(await tablesHolding(pseudonym)).toEqual([]);
    // and the unrelated pathway is as it was
    expect(await storedEvents(kept)).toEqual(keptStored);
    expect(await tablesHolding(keptPseudonym)).toEqual(['chain_event']);
    // and the merges are still known (no personal data), for the pathway's access log
    const { rows: merges } = await gateway.sql.query(
      'SELECT pathway_id, merged_into, municipality_code FROM chain_pathway WHERE pathway_id = ANY($1) ORDER BY pathway_id',
      [[merged, mergedEarlier]],
    );
    expect(merges).toEqual(
      [
        { pathway_id: merged, merged_into: erased, municipality_code: 'GM0363' },
        { pathway_id: mergedEarlier, merged_into: merged, municipality_code: 'GM0363' },
      ].sort((a, b) => (a.pathway_id < b.pathway_id ? -1 : 1)),
    );

    // when a merged pathway has news afterwards, and the same erasure request comes again under a new event id
    const later = contact(merged);
    await publish(later);
    const again = erasure(erased, erasureId);
    await send(again);
    await consumed(again);

    // then nothing is erased again and nothing answered again: the gateway answered once, in its own topic
    expect(await storedEvents(merged)).toEqual([later.id]);
    expect(await storedEvents(erased)).toEqual([request.id]);
    // (the gateway consumes every topic from the start: other tests' erasure requests are answered too)
    const { rows: answers } = await gateway.sql.query(
      `SELECT aggregate_id, topic, payload FROM outbox WHERE type = 'nl.ketenpad.partner-gateway.personal-data-erased.v1' AND aggregate_id = $1`,
      [erased],
    );
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ aggregate_id: erased, topic: 'partner-gateway.events.v1' });
    expect(EventCodec.shared().decode(answers[0].payload as Buffer)).toMatchObject({
      pathwayid: erased,
      data: { erasureId },
    });
  });

  describe('events that arrive after an erasure', () => {
    /** A partner's `dataref` read of a notification (what it fetches after the thin notification). */
    const dataref = (token: string, eventId: string) => api('GET', `/api/v1/notifications/${eventId}`, token);
    const referralIdOf = (e: ChainEvent) => (e.data as { referralId: string }).referralId;
    const storedData = async (eventId: string): Promise<Record<string, unknown> | undefined> =>
      (await gateway.sql.query(`SELECT envelope -> 'data' AS data FROM chain_event WHERE event_id = $1`, [eventId]))
        .rows[0]?.data as Record<string, unknown> | undefined;

    it("are kept and notified without the resident's pseudonym, for the erased pathway and the pathways merged into it at any depth, also by a merge learned of later; a pathway never erased keeps its data", async () => {
      // given a partner referred on the resident's pathway, on a pathway merged into it, on one merged into that one
      // and on an unrelated pathway; a GP's pathway with the resident's pseudonym the gateway does not know is merged
      // yet; and the municipality's erasure of the resident's pathway
      const reader = await partner();
      const [erased, merged, deep, mergedLater, kept] = [
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
        randomUUID(),
      ];
      await publish(referral(erased, reader.urn), referral(merged, reader.urn), referral(deep, reader.urn));
      await publish(referral(kept, reader.urn));
      const earlyPseudonym = pseudonymOf(`resident-${mergedLater}`);
      const early = gpReferral(mergedLater, earlyPseudonym);
      await publish(merge(merged, erased), merge(deep, merged), early);
      const request = erasure(erased, randomUUID());
      await send(request);
      await consumed(request);

      // when referrals carrying the resident's pseudonym arrive afterwards on each of them and on the unrelated
      // pathway, and then the municipality's merge of the GP's pathway into the erased one
      const pseudonym = pseudonymOf(`resident-${erased}`);
      const keptPseudonym = pseudonymOf(`resident-${kept}`);
      const later = [gpReferral(erased, pseudonym), gpReferral(merged, pseudonym), gpReferral(deep, pseudonym)];
      const keptLater = gpReferral(kept, keptPseudonym);
      await publish(...later, keptLater);
      await publish(merge(mergedLater, erased));
      await gateway.worker.drain();

      // then the later events are kept, without the pseudonym: it is nowhere in the gateway's database
      expect(await tablesHolding(pseudonym)).toEqual([]);
      for (const e of later) {
        const data = await storedData(e.id);
        expect(data).toMatchObject({ referralId: referralIdOf(e), toOrg: AMSTERDAM });
        expect(data).not.toHaveProperty('residentPseudonym');
      }
      // and the copy of the GP's pathway merged into the erased one after the erasure lost it too
      expect(await tablesHolding(earlyPseudonym)).toEqual([]);
      expect(await storedData(early.id)).toMatchObject({ referralId: referralIdOf(early) });
      // and the partner was notified of them, and their dataref answers without the pseudonym
      const notified = reader.receiver.accepted.map((r) => r.notification.id);
      expect(notified).toEqual(expect.arrayContaining([...ids(later), keptLater.id]));
      for (const e of later) {
        const read = await dataref(reader.token, e.id);
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ id: e.id, pathwayid: e.pathwayid, data: { referralId: referralIdOf(e) } });
        expect(read.body.data).not.toHaveProperty('residentPseudonym');
      }
      // while the pathway never erased keeps its data
      expect(await tablesHolding(keptPseudonym)).toEqual(['chain_event']);
      const keptRead = await dataref(reader.token, keptLater.id);
      expect(keptRead.status).toBe(200);
      expect(keptRead.body.data).toMatchObject({ residentPseudonym: keptPseudonym });
    });

    it('are kept without the pseudonym when they follow the erasure request in the same inbox batch', async () => {
      // given a partner referred on a pathway
      const reader = await partner();
      const pathwayId = randomUUID();
      await publish(referral(pathwayId, reader.urn));

      // when the erasure request and, right behind it on the same topic and partition, a referral carrying the
      // resident's pseudonym arrive together
      const pseudonym = pseudonymOf(`resident-${pathwayId}`);
      const request = erasure(pathwayId, randomUUID());
      const after = event('nl.ketenpad.municipality.referral-made.v1', AMSTERDAM, pathwayId, {
        referralId: randomUUID(),
        fromOrg: AMSTERDAM,
        toOrg: reader.urn,
        reason: 'debt-assistance',
        urgent: false,
        warm: true,
        at: at(),
        residentPseudonym: pseudonym,
      });
      await sendTogether(request, after);
      await consumed(request, after);
      // (the premise: both inbox rows were written by one transaction)
      const { rows: transactions } = await gateway.sql.query(
        'SELECT DISTINCT xmin::text FROM inbox WHERE event_id = ANY($1)',
        [[request.id, after.id]],
      );
      expect(transactions).toHaveLength(1);

      // then the referral is kept, without the pseudonym
      expect(await storedEvents(pathwayId)).toEqual([request.id, after.id]);
      expect(await storedData(after.id)).toMatchObject({ referralId: referralIdOf(after), toOrg: reader.urn });
      expect(await tablesHolding(pseudonym)).toEqual([]);
    });
  });

  describe('access log of a pathway', () => {
    /** A partner's `dataref` read of a notification it received, with a stated purpose or the default. */
    const readDetails = async (token: string, eventId: string, purpose?: string) =>
      api(
        'GET',
        `/api/v1/notifications/${eventId}`,
        token,
        undefined,
        purpose ? { 'x-ketenpad-purpose': purpose } : {},
      );
    const accessLog = (pathwayId: string, token: string, purpose?: string) =>
      api(
        'GET',
        `/api/v1/pathways/${pathwayId}/access-log`,
        token,
        undefined,
        purpose ? { 'x-ketenpad-purpose': purpose } : {},
      );
    const logReads = (pathwayId: string) =>
      count(`SELECT count(*)::int AS n FROM access_log WHERE pathway_id = $1 AND resource = 'access-log'`, [pathwayId]);

    it("lists the partners' reads of the pathway and of the pathway merged into it for the responsible municipality, and logs that read too", async () => {
      // given a partner referred on a pathway and on one Amsterdam merged into it, which read a notification of each
      const reader = await partner();
      const [pathwayId, merged] = [randomUUID(), randomUUID()];
      const own = referral(pathwayId, reader.urn);
      const ofMerged = referral(merged, reader.urn);
      await publish(own, ofMerged);
      await publish(merge(merged, pathwayId));
      expect((await readDetails(reader.token, own.id, 'rent-arrears')).status).toBe(200);
      expect((await readDetails(reader.token, ofMerged.id)).status).toBe(200);
      const counsellor = await gateway.issuer.issueFor('GM0363', ['counsellor']);

      // when Amsterdam's counsellor asks who read the pathway, for the resident
      const answer = await accessLog(pathwayId, counsellor, 'resident-question');

      // then both reads are listed, oldest first, with who, organisation, role, what and why, and then this read itself
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ pathwayId, service: 'partner-gateway' });
      const rows = answer.body.rows as Array<Record<string, unknown>>;
      expect(rows.map((r) => [r.pathwayId, r.organisationId, r.resource, r.purpose])).toEqual([
        [pathwayId, reader.orgId, `notification:${own.id}`, 'rent-arrears'],
        [merged, reader.orgId, `notification:${ofMerged.id}`, 'partner-notification'],
        [pathwayId, 'GM0363', 'access-log', 'resident-question'],
      ]);
      expect(rows[0]).toMatchObject({
        subject: `dev:${reader.orgId}:partner`,
        organisationKind: 'partner',
        roles: ['partner'],
        classifications: ['chain'],
      });
      expect(rows[2]).toMatchObject({ subject: 'dev:GM0363:counsellor', roles: ['counsellor'] });
      // and the municipality's admin (privacy officer) may read it as well, with the default purpose
      const admin = await gateway.issuer.issueFor('GM0363', ['admin']);
      const asAdmin = await accessLog(pathwayId, admin);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.rows.at(-1)).toMatchObject({ organisationId: 'GM0363', purpose: 'resident-request' });
      expect(await logReads(pathwayId)).toBe(2);
    });

    it('shows it to nobody else: another municipality and an unknown pathway get 404, a partner or coordinator 403, and none of them is logged', async () => {
      // given an Amsterdam pathway a partner is referred on, and a pathway the gateway knows no municipality of
      const referred = await partner();
      const pathwayId = randomUUID();
      const gpOnly = randomUUID();
      await publish(referral(pathwayId, referred.urn), gpReferral(gpOnly, pseudonymOf(gpOnly)));
      const counsellor = await gateway.issuer.issueFor('GM0363', ['counsellor']);
      const rotterdam = await gateway.issuer.issueFor('GM0599', ['counsellor']);
      const rotterdamAdmin = await gateway.issuer.issueFor('GM0599', ['admin']);
      const coordinator = await gateway.issuer.issueFor('KR-001', ['coordinator']);

      // when others ask for its access log
      const refused = [
        await accessLog(pathwayId, rotterdam),
        await accessLog(pathwayId, rotterdamAdmin),
        await accessLog(randomUUID(), counsellor),
        await accessLog(gpOnly, counsellor),
        await accessLog(pathwayId, referred.token),
        await accessLog(pathwayId, coordinator),
        await accessLog('not-a-uuid', counsellor),
      ];

      // then they learn nothing: not found for a municipality, forbidden for other roles, bad request for a malformed id
      expect(refused.map((r) => r.status)).toEqual([404, 404, 404, 404, 403, 403, 400]);
      expect(JSON.stringify(refused.map((r) => r.body))).not.toContain('rows');
      // and no access-log read was recorded, while Amsterdam's own read still is
      expect(await logReads(pathwayId)).toBe(0);
      expect((await accessLog(pathwayId, counsellor)).status).toBe(200);
      expect(await logReads(pathwayId)).toBe(1);
    });
  });
});
