import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import { SignJWT, importJWK, type JWK } from 'jose';
import { DEV_ISSUER, DEFAULT_AUDIENCE, devIssuerKeyPath } from '@ketenpad/auth';
import { LocalDate } from '@ketenpad/calendar';
import { waitFor } from '@ketenpad/testing';
import { ACTORS, type Actor, type PathwayKind } from './authorisation.matrix';
import type { Chain, ChainService } from './chain.stack';
import { randomBsn } from './resident.fixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of any shape; the tests assert them.
type Json = any;

export interface Answer {
  status: number;
  body: Json;
}

/** One HTTP call with its own correlation id, so the access log can be matched to it. */
export async function call(
  method: string,
  url: string,
  token: string | undefined,
  options: { body?: unknown; correlationId?: string } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      'x-correlation-id': options.correlationId ?? randomUUID(),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  // A live stream never ends by itself: its status is the answer.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, body: undefined };
  }
  const text = await res.text();
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the failure message
  }
  return { status: res.status, body };
}

async function ok(method: string, url: string, token: string, body?: unknown): Promise<Json> {
  const answer = await call(method, url, token, body === undefined ? {} : { body });
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`${method} ${url} -> ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * A token signed by the dev issuer whose role does not fit the organisation's
 * kind. The issuer itself refuses to make one, so it is signed here with its key.
 */
export async function misfitToken(orgId: string, kind: string, roles: string[]): Promise<string> {
  const jwk = JSON.parse(await readFile(devIssuerKeyPath(), 'utf8')) as JWK;
  const key = await importJWK(jwk, 'ES256');
  return new SignJWT({ org_id: orgId, org_kind: kind, roles, municipality: 'GM0363' })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEFAULT_AUDIENCE)
    .setSubject(`dev:${orgId}:misfit`)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}

/** A bearer token per actor of the matrix (none for `no token`). */
export async function actorTokens(chain: Chain): Promise<Record<Actor, string | undefined>> {
  const entries = await Promise.all(
    (Object.entries(ACTORS) as [Actor, (typeof ACTORS)[Actor]][]).map(async ([name, actor]) => {
      if (actor.orgId === null) return [name, undefined] as const;
      if ('misfit' in actor) return [name, await misfitToken(actor.orgId, 'gp', [...actor.roles])] as const;
      return [name, await chain.token(actor.orgId, [...actor.roles])] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Actor, string | undefined>;
}

/** One pathway of the matrix with the ids of what hangs off it. */
export interface PathwayFixture {
  kind: PathwayKind;
  pathwayId: string;
  /** Municipality consents recorded on it. */
  consentIds: string[];
  socialWorkReferralId?: string;
  courtReferralId?: string;
  gpReferralId?: string;
  gpConsentId?: string;
  /** A chain-class municipality event of the pathway, as the partner gateway holds it. */
  eventId: string;
}

export type PathwaySet = Record<PathwayKind, PathwayFixture>;

const URN = {
  GM0363: 'urn:nld:ketenpad:municipality:GM0363',
  GM0344: 'urn:nld:ketenpad:municipality:GM0344',
  'SW-AMS': 'urn:nld:ketenpad:social-work:SW-AMS',
  'SW-UTR': 'urn:nld:ketenpad:social-work:SW-UTR',
  'RB-AMS': 'urn:nld:ketenpad:court-liaison:RB-AMS',
  'RB-UTR': 'urn:nld:ketenpad:court-liaison:RB-UTR',
  'PT-WOONSTAD': 'urn:nld:ketenpad:partner:PT-WOONSTAD',
  'PT-ANDERS': 'urn:nld:ketenpad:partner:PT-ANDERS',
} as const;

/** Builds the four pathways of the matrix through the public APIs and waits until every service has seen them. */
export class MatrixWorld {
  private readonly sql = {} as Record<ChainService, Client>;
  private readonly setupTokens: Record<string, string> = {};

  private constructor(private readonly chain: Chain) {}

  static async open(chain: Chain): Promise<MatrixWorld> {
    const world = new MatrixWorld(chain);
    for (const service of Object.keys(chain.db) as ChainService[]) {
      const client = new Client({ connectionString: chain.db[service].url });
      await client.connect();
      world.sql[service] = client;
    }
    const tokens: [string, string, string, string?][] = [
      ['GM0363', 'GM0363', 'counsellor'],
      ['GM0344', 'GM0344', 'counsellor'],
      ['GM0344-admin', 'GM0344', 'admin'],
      ['HA-0001', 'HA-0001', 'gp'],
      ['HA-0002', 'HA-0002', 'gp', 'gp'],
      ['SW-AMS', 'SW-AMS', 'social-worker'],
      ['RB-AMS', 'RB-AMS', 'court-liaison'],
      ['PT-WOONSTAD', 'PT-WOONSTAD', 'partner'],
      ['PT-ANDERS', 'PT-ANDERS', 'partner', 'partner'],
      ['KR-001', 'KR-001', 'coordinator'],
      // A social-work organisation with no relation to any pathway of the matrix (issue 12's attacker).
      ['SW-RTD', 'SW-RTD', 'social-worker', 'social-work'],
    ];
    await Promise.all(
      tokens.map(async ([name, org, role, kind]) => {
        world.setupTokens[name] = await chain.token(org, [role as never], kind ? { kind } : {});
      }),
    );
    return world;
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.sql).map((client) => client.end()));
  }

  query<T extends Record<string, unknown>>(service: ChainService, text: string, values: unknown[] = []): Promise<T[]> {
    return this.sql[service].query(text, values).then((r) => r.rows as T[]);
  }

  url(service: ChainService, path: string): string {
    return `${this.chain.url[service]}/api/v1${path}`;
  }

  token(name: string): string {
    const token = this.setupTokens[name];
    if (token === undefined) throw new Error(`no setup token ${name}`);
    return token;
  }

  /** The four pathways; `set` only names them in failure messages. */
  async buildPathways(set: string): Promise<PathwaySet> {
    const [own, foreign, consented, withdrawn] = await Promise.all([
      this.ownPathway(),
      this.foreignPathway(),
      this.consentedPathway(false),
      this.consentedPathway(true),
    ]);
    const pathways: PathwaySet = { own, foreign, consented, withdrawn };
    await this.settled(set, pathways);
    return pathways;
  }

  /** Erases the foreign pathway's personal data as its own municipality's privacy officer. */
  async eraseAsGM0344(pathwayId: string): Promise<void> {
    await ok('DELETE', this.url('municipality', `/pathways/${pathwayId}/personal-data`), this.token('GM0344-admin'));
  }

  /** A pathway GM0363 opened for the resident with `bsn`, with a consent to PT-WOONSTAD (chain). */
  async openPathwayOf(bsn: string): Promise<string> {
    const counsellor = this.token('GM0363');
    const opened = await ok('POST', this.url('municipality', '/pathways'), counsellor, { bsn, channel: 'balie' });
    await ok('POST', this.url('municipality', `/pathways/${opened.pathwayId}/consents`), counsellor, {
      grantee: URN['PT-WOONSTAD'],
      purpose: 'debt-assistance',
      scope: ['chain'],
      validUntil: null,
    });
    return opened.pathwayId as string;
  }

  /** A referral to GM0363 by the social-work organisation of `tokenName`, naming the resident by BSN only. */
  async socialWorkReferral(tokenName: string, bsn: string): Promise<{ referralId: string; pathwayId: string }> {
    const made = await ok('POST', this.url('social-work', '/referrals'), this.token(tokenName), {
      toOrg: URN.GM0363,
      reason: 'debt-assistance',
      urgent: false,
      warm: false,
      bsn,
    });
    return { referralId: made.referralId as string, pathwayId: made.pathwayId as string };
  }

  /** RB-AMS asks for a moratorium on a pathway referred to it (a `legal` event). */
  async requestMoratorium(pathwayId: string): Promise<void> {
    await ok('POST', this.url('court-liaison', `/pathways/${pathwayId}/moratorium/request`), this.token('RB-AMS'), {
      basis: 'Wgs-5',
    });
  }

  /** A webhook subscription of `partner` (PT-WOONSTAD or PT-ANDERS). */
  async subscription(partner: 'PT-WOONSTAD' | 'PT-ANDERS', callbackUrl: string): Promise<string> {
    const created = await ok('POST', this.url('partner-gateway', '/subscriptions'), this.token(partner), {
      callbackUrl,
      eventTypes: ['nl.ketenpad.municipality.*'],
    });
    return created.subscriptionId as string;
  }

  private async gpReferral(practice: 'HA-0001' | 'HA-0002', municipality: 'GM0363' | 'GM0344') {
    const gp = this.token(practice);
    const consent = await ok('POST', this.url('gp', `/patients/pat-${randomUUID().slice(0, 8)}/consents`), gp, {
      bsn: randomBsn(),
      scope: ['refer-to-municipality', 'receive-outcome'],
      purpose: 'referral',
      validUntil: null,
    });
    const referral = await ok('POST', this.url('gp', '/referrals'), gp, {
      consentId: consent.consentId,
      toOrg: URN[municipality],
      reason: 'financial-worries',
      urgent: false,
      warm: true,
    });
    const [row] = await this.query<{ pathway_id: string }>(
      'gp',
      'SELECT pathway_id FROM referral WHERE referral_id = $1',
      [referral.referralId],
    );
    const pathwayId = row!.pathway_id;
    // The municipality opens the pathway when it consumes the GP's referral.
    await waitFor(
      async () =>
        (await call('GET', this.url('municipality', `/pathways/${pathwayId}`), this.token(municipality))).status ===
          200 || undefined,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
        description: `${municipality} opening the pathway of ${practice}'s referral`,
      },
    );
    return { pathwayId, gpConsentId: consent.consentId as string, gpReferralId: referral.referralId as string };
  }

  private async refer(
    municipality: 'GM0363' | 'GM0344',
    pathwayId: string,
    toOrg: string,
    reason: string,
  ): Promise<string> {
    const referralId = randomUUID();
    await ok('POST', this.url('municipality', `/pathways/${pathwayId}/referrals`), this.token(municipality), {
      referralId,
      toOrg,
      reason,
      urgent: false,
      warm: true,
    });
    return referralId;
  }

  /** The receiving service learns of a referral through Kafka: accept as soon as it can. */
  private async accept(service: ChainService, tokenName: string, referralId: string): Promise<void> {
    await waitFor(
      async () =>
        (
          await call('POST', this.url(service, `/referrals/${referralId}/acceptance`), this.token(tokenName), {
            body: {},
          })
        ).status === 201 || undefined,
      { timeoutMs: 30_000, intervalMs: 200, description: `${tokenName} accepting referral ${referralId}` },
    );
  }

  private async ownPathway(): Promise<PathwayFixture> {
    const { pathwayId, gpConsentId, gpReferralId } = await this.gpReferral('HA-0001', 'GM0363');
    const socialWorkReferralId = await this.refer('GM0363', pathwayId, URN['SW-AMS'], 'stabilisation');
    const courtReferralId = await this.refer('GM0363', pathwayId, URN['RB-AMS'], 'court-procedure');
    await this.refer('GM0363', pathwayId, URN['PT-WOONSTAD'], 'payment-arrears');
    await Promise.all([
      this.accept('social-work', 'SW-AMS', socialWorkReferralId),
      this.accept('court-liaison', 'RB-AMS', courtReferralId),
    ]);
    return {
      kind: 'own',
      pathwayId,
      consentIds: [],
      socialWorkReferralId,
      courtReferralId,
      gpReferralId,
      gpConsentId,
      eventId: await this.chainEvent(pathwayId),
    };
  }

  private async foreignPathway(): Promise<PathwayFixture> {
    const { pathwayId, gpConsentId, gpReferralId } = await this.gpReferral('HA-0002', 'GM0344');
    const socialWorkReferralId = await this.refer('GM0344', pathwayId, URN['SW-UTR'], 'stabilisation');
    const courtReferralId = await this.refer('GM0344', pathwayId, URN['RB-UTR'], 'court-procedure');
    await this.refer('GM0344', pathwayId, URN['PT-ANDERS'], 'payment-arrears');
    await waitFor(
      async () => {
        const [sw] = await this.query('social-work', 'SELECT 1 FROM received_referral WHERE referral_id = $1', [
          socialWorkReferralId,
        ]);
        const [court] = await this.query('court-liaison', 'SELECT 1 FROM court_referral WHERE referral_id = $1', [
          courtReferralId,
        ]);
        return (sw && court) || undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: "social work and the court receiving GM0344's referrals" },
    );
    return {
      kind: 'foreign',
      pathwayId,
      consentIds: [],
      socialWorkReferralId,
      courtReferralId,
      gpReferralId,
      gpConsentId,
      eventId: await this.chainEvent(pathwayId),
    };
  }

  private async consentedPathway(withdraw: boolean): Promise<PathwayFixture> {
    const counsellor = this.token('GM0363');
    const opened = await ok('POST', this.url('municipality', '/pathways'), counsellor, {
      bsn: randomBsn(),
      channel: 'balie',
    });
    const pathwayId = opened.pathwayId as string;
    const consents = [
      { grantee: URN['SW-AMS'], purpose: 'stabilisation-support', scope: ['chain', 'financial'], validUntil: null },
      { grantee: URN['PT-WOONSTAD'], purpose: 'debt-assistance', scope: ['chain'], validUntil: null },
    ];
    const consentIds: string[] = [];
    for (const consent of consents) {
      const recorded = await ok(
        'POST',
        this.url('municipality', `/pathways/${pathwayId}/consents`),
        counsellor,
        consent,
      );
      consentIds.push(recorded.consentId as string);
    }
    if (withdraw)
      for (const consentId of consentIds)
        await ok(
          'POST',
          this.url('municipality', `/pathways/${pathwayId}/consents/${consentId}/withdrawal`),
          counsellor,
          {},
        );
    return {
      kind: withdraw ? 'withdrawn' : 'consented',
      pathwayId,
      consentIds,
      eventId: await this.chainEvent(pathwayId),
    };
  }

  /** A chain-class event the municipality published about the pathway, once the gateway holds it. */
  private chainEvent(pathwayId: string): Promise<string> {
    return waitFor(
      async () =>
        (
          await this.query<{ event_id: string }>(
            'partner-gateway',
            `SELECT event_id FROM chain_event
              WHERE pathway_id = $1 AND classification = 'chain' AND source LIKE 'urn:nld:ketenpad:municipality:%'
              ORDER BY seq LIMIT 1`,
            [pathwayId],
          )
        )[0]?.event_id,
      { timeoutMs: 30_000, intervalMs: 200, description: `a chain-class event of ${pathwayId} at the gateway` },
    );
  }

  /**
   * Waits for neutral signs (database rows, the coordinator's timeline) that
   * every service has consumed the fixtures' events, so no cell depends on
   * how quickly Kafka delivered.
   */
  private async settled(set: string, p: PathwaySet): Promise<void> {
    // Social work, the court and the GP hold records of the pathways referred to or by them only.
    const ids = [p.own.pathwayId, p.foreign.pathwayId];
    const checks: [string, () => Promise<boolean>][] = [
      [
        'social work, court and GP knowing the municipality of the pathways they hold records of',
        async () => {
          for (const service of ['social-work', 'court-liaison', 'gp'] as const) {
            const rows = await this.query(
              service,
              'SELECT pathway_id FROM chain_pathway WHERE pathway_id = ANY($1::uuid[])',
              [ids],
            );
            if (rows.length < ids.length) return false;
          }
          return true;
        },
      ],
      [
        'the gateway holding the referral to PT-WOONSTAD and the consents (withdrawn ones withdrawn)',
        async () => {
          const referral = await this.query(
            'partner-gateway',
            'SELECT 1 FROM pathway_referral WHERE pathway_id = $1 AND to_org = $2',
            [p.own.pathwayId, URN['PT-WOONSTAD']],
          );
          const consents = await this.query<{ pathway_id: string; withdrawn: boolean }>(
            'partner-gateway',
            'SELECT pathway_id, withdrawn_at IS NOT NULL AS withdrawn FROM pathway_consent WHERE pathway_id = ANY($1::uuid[])',
            [[p.consented.pathwayId, p.withdrawn.pathwayId]],
          );
          const consented = consents.filter((c) => c.pathway_id === p.consented.pathwayId && !c.withdrawn);
          const withdrawn = consents.filter((c) => c.pathway_id === p.withdrawn.pathwayId && c.withdrawn);
          return referral.length === 1 && consented.length === 2 && withdrawn.length === 2;
        },
      ],
      [
        'the timeline showing the acceptances and the consents',
        async () => {
          const types = async (pathwayId: string): Promise<string[]> => {
            const answer = await call(
              'GET',
              this.url('timeline', `/pathways/${pathwayId}/timeline`),
              this.token('KR-001'),
            );
            return answer.status === 200
              ? (answer.body.events as { type: string; source: string }[]).map((e) => `${e.source} ${e.type}`)
              : [];
          };
          const own = await types(p.own.pathwayId);
          const consented = await types(p.consented.pathwayId);
          const withdrawn = await types(p.withdrawn.pathwayId);
          const foreign = await types(p.foreign.pathwayId);
          const count = (list: string[], pattern: RegExp) => list.filter((t) => pattern.test(t)).length;
          return (
            count(own, /social-work:SW-AMS .*referral-accepted/) === 1 &&
            count(own, /court-liaison:RB-AMS .*referral-accepted/) === 1 &&
            count(consented, /consent-recorded/) === 2 &&
            count(withdrawn, /consent-withdrawn/) === 2 &&
            foreign.length > 0
          );
        },
      ],
    ];
    for (const [description, check] of checks)
      await waitFor(async () => (await check()) || undefined, {
        timeoutMs: 30_000,
        intervalMs: 250,
        description: `${set}: ${description}`,
      });
  }
}

/** Today (Europe/Amsterdam) and days from it, as `YYYY-MM-DD`. */
export function calendarDays(): { today: string; plusDays(days: number): string } {
  const today = LocalDate.fromInstant(new Date());
  return { today: today.toString(), plusDays: (days) => today.plusDays(days).toString() };
}
