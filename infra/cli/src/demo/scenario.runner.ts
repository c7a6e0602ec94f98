import { randomUUID } from 'node:crypto';
import { ChainClient, DemoStepError, waitFor } from './chain.client';
import { demoBsn } from './demo-resident.bsn';
import { isMunicipalityOnly, municipalityCommandsOf } from './municipality.commands';
import type { DemoScenario, DemoStep } from './scenario.generator';
import { SeededRandom } from './seeded.random';

/** Organisations of the dev directory the demo acts as. */
export const DEMO_ORGANISATIONS = {
  socialWork: 'SW-AMS',
  courtLiaison: 'RB-AMS',
  gp: 'HA-0001',
  coordinator: 'KR-001',
} as const;

const SOCIAL_WORK_URN = `urn:nld:ketenpad:social-work:${DEMO_ORGANISATIONS.socialWork}`;
const COURT_LIAISON_URN = `urn:nld:ketenpad:court-liaison:${DEMO_ORGANISATIONS.courtLiaison}`;
const DAY_MS = 86_400_000;

/** Bearer tokens of every role the demo plays, from the dev issuer. */
export interface DemoTokens {
  counsellor: Readonly<Record<string, string>>;
  socialWorker: string;
  courtLiaison: string;
  gp: string;
  coordinator: string;
}

/** What a pathway looked like on the chain timeline when its scenario finished. */
export interface TimelineSnapshot {
  phase: string;
  firstConversationDeadlineMet: boolean | null;
  flags: { kind: string }[];
  referrals: { referralId: string; status: string; bounce: boolean }[];
  closeReason: string | null;
  legalStatus: string | null;
  eventCount: number;
}

export interface ScenarioResult {
  scenario: DemoScenario;
  pathwayId?: string;
  /** Set when a step failed: which step, and the request/response that failed. */
  failure?: { step: number; kind: DemoStep['kind']; message: string; request?: string; response?: string };
  skippedSteps: DemoStep['kind'][];
  timeline?: TimelineSnapshot;
  durationMs: number;
}

interface PathwayContext {
  pathwayId?: string;
  bsn: string;
  consents: Partial<Record<'social-work' | 'court-liaison', string>>;
  socialWorkReferralId?: string;
  courtReferralId?: string;
  gpConsentId?: string;
  gpReferralId?: string;
  referBackId?: string;
  dueBeforeFlag?: string;
  /** When the hand-offs of the pathway happened. */
  story: HandOffStory;
}

/**
 * When the hand-offs of a scenario happened (issue 13). The scenario dates the
 * help request and a late first conversation; referrals, their answers and
 * social work's first contact follow those, in order and before now, each a
 * seeded share (a quarter to three quarters) of the time still left. So the
 * demo's hand-off figures show waits of hours and days instead of the seconds
 * the loader takes. The shares come from the scenario's index: the same
 * scenario is dated the same way, relative to now. While nothing was dated
 * here (the help request was made now), every moment is left to the services.
 */
export class HandOffStory {
  private readonly shares: SeededRandom;
  private last: number | undefined;

  constructor(scenarioIndex: number) {
    this.shares = new SeededRandom(scenarioIndex);
  }

  /** A fact of the scenario stated at `at` (ms); what follows happens after it. */
  happened(at: number): void {
    this.last = Math.max(this.last ?? at, at);
  }

  /** The moment of the next hand-off step, or undefined: now, left to the service. */
  next(now: number = Date.now()): string | undefined {
    if (this.last === undefined) return undefined;
    const from = Math.min(this.last, now);
    const at = from + Math.floor(((now - from) * this.shares.int(25, 75)) / 100);
    this.last = at;
    return new Date(at).toISOString();
  }
}

/**
 * Plays one scenario against the running services: every step is a call to a
 * public API, and every cross-service reaction is awaited by polling the API
 * of the service that reacts.
 */
export class ScenarioRunner {
  constructor(
    private readonly client: ChainClient,
    private readonly tokens: DemoTokens,
    private readonly options: { runNonce: number; waitTimeoutMs: number },
  ) {}

  async run(scenario: DemoScenario): Promise<ScenarioResult> {
    const started = Date.now();
    const context: PathwayContext = {
      bsn: demoBsn(this.options.runNonce, scenario.index),
      consents: {},
      story: new HandOffStory(scenario.index),
    };
    const skippedSteps: DemoStep['kind'][] = [];
    for (const [i, step] of scenario.steps.entries()) {
      try {
        const ran = await this.step(scenario, step, context);
        if (!ran) skippedSteps.push(step.kind);
      } catch (error) {
        const failed = error instanceof DemoStepError ? error : new DemoStepError((error as Error).message);
        return {
          scenario,
          ...(context.pathwayId ? { pathwayId: context.pathwayId } : {}),
          failure: {
            step: i + 1,
            kind: step.kind,
            message: failed.message,
            request: failed.request,
            response: failed.response,
          },
          skippedSteps,
          durationMs: Date.now() - started,
        };
      }
    }
    try {
      const timeline = await this.settledTimeline(scenario, context);
      return { scenario, pathwayId: context.pathwayId, skippedSteps, timeline, durationMs: Date.now() - started };
    } catch (error) {
      const failed = error instanceof DemoStepError ? error : new DemoStepError((error as Error).message);
      return {
        scenario,
        ...(context.pathwayId ? { pathwayId: context.pathwayId } : {}),
        failure: {
          step: scenario.steps.length + 1,
          kind: 'close',
          message: `timeline check: ${failed.message}`,
          request: failed.request,
          response: failed.response,
        },
        skippedSteps,
        durationMs: Date.now() - started,
      };
    }
  }

  /** Waits until the timeline shows `moratorium-ended` for the pathway (the court liaison's scheduler emits it). */
  async awaitMoratoriumEnded(pathwayId: string, timeoutMs: number): Promise<void> {
    await waitFor(
      `moratorium-ended on the timeline of ${pathwayId}`,
      async () => {
        const body = await this.client.get<{ events: { type: string }[] }>(
          'timeline',
          this.tokens.coordinator,
          `/api/v1/pathways/${pathwayId}/timeline`,
        );
        return body.events.some((e) => e.type.endsWith('.moratorium-ended.v1')) ? true : undefined;
      },
      timeoutMs,
      1_000,
    );
  }

  /** Runs one step; false when it was skipped because its route does not exist (yet). */
  private async step(scenario: DemoScenario, step: DemoStep, ctx: PathwayContext): Promise<boolean> {
    const counsellor = this.tokens.counsellor[scenario.municipality]!;
    const municipalityUrn = `urn:nld:ketenpad:municipality:${scenario.municipality}`;
    const timeout = this.options.waitTimeoutMs;
    const pathway = (): string => {
      if (!ctx.pathwayId) throw new DemoStepError(`step ${step.kind} needs a pathway, but none was opened`);
      return ctx.pathwayId;
    };
    const municipality = <T>(path: string, body: unknown = {}): Promise<T> =>
      this.client.post<T>('municipality', counsellor, `/api/v1/pathways/${pathway()}${path}`, body);

    /** A field stating when a hand-off step happened, when the story dates it. */
    const dated = (field: string): Record<string, string> => {
      const at = ctx.story.next();
      return at === undefined ? {} : { [field]: at };
    };

    if (isMunicipalityOnly(step)) {
      const now = Date.now();
      for (const command of municipalityCommandsOf(step, now)) await municipality(command.path, command.body);
      if (step.kind === 'hold-first-conversation' && step.heldDaysAgo > 0) {
        ctx.story.happened(now - step.heldDaysAgo * DAY_MS);
      }
      return true;
    }
    switch (step.kind) {
      case 'receive-early-signal': {
        const opened = await this.client.post<{ pathwayId: string }>(
          'municipality',
          counsellor,
          '/api/v1/early-signals',
          {
            bsn: ctx.bsn,
            signalPartnerType: step.signalPartnerType,
            arrearsCents: step.arrearsCents,
            arrearsSince: dateDaysAgo(step.arrearsSinceDaysAgo),
            signalledAt: dateDaysAgo(step.signalledDaysAgo),
            crisis: step.crisis ? { type: step.crisis } : null,
            warmHandover: step.warmHandover,
          },
        );
        ctx.pathwayId = opened.pathwayId;
        return true;
      }
      case 'register-help-request': {
        const requestedAt = step.requestedDaysAgo > 0 ? instantDaysAgo(step.requestedDaysAgo) : undefined;
        const opened = await this.client.post<{ pathwayId: string }>('municipality', counsellor, '/api/v1/pathways', {
          bsn: ctx.bsn,
          contact: { name: `Demo-inwoner ${scenario.index}` },
          channel: step.channel,
          ...(requestedAt ? { requestedAt } : {}),
          crisis: step.crisis ? { type: step.crisis } : null,
        });
        ctx.pathwayId = opened.pathwayId;
        // A request made now dates nothing: the service's own clock stamped it.
        if (requestedAt) ctx.story.happened(Date.parse(requestedAt));
        return true;
      }
      case 'gp-record-consent': {
        const consent = await this.client.post<{ consentId: string }>(
          'gp',
          this.tokens.gp,
          `/api/v1/patients/demo-${this.options.runNonce}-${scenario.index}/consents`,
          {
            bsn: ctx.bsn,
            scope: ['refer-to-municipality', 'receive-outcome'],
            purpose: 'referral',
            validUntil: dateDaysAgo(-180),
          },
        );
        ctx.gpConsentId = consent.consentId;
        return true;
      }
      case 'gp-refer-to-municipality': {
        const referral = await this.client.post<{ referralId: string }>('gp', this.tokens.gp, '/api/v1/referrals', {
          consentId: ctx.gpConsentId,
          toOrg: municipalityUrn,
          reason: 'financial-worries',
          urgent: step.urgent,
          warm: true,
          ...dated('madeAt'),
        });
        ctx.gpReferralId = referral.referralId;
        return true;
      }
      case 'await-gp-referral': {
        const wanted = step.status === 'accepted' ? ['accepted', 'outcome-received'] : ['outcome-received'];
        await waitFor(
          `the GP's referral ${ctx.gpReferralId} to become ${step.status}`,
          async () => {
            const referral = await this.client.get<{ status: string }>(
              'gp',
              this.tokens.gp,
              `/api/v1/referrals/${ctx.gpReferralId}`,
            );
            return wanted.includes(referral.status) ? true : undefined;
          },
          timeout,
        );
        return true;
      }
      case 'record-consent': {
        const consent = await municipality<{ consentId: string }>('/consents', {
          grantee: step.grantee === 'social-work' ? SOCIAL_WORK_URN : COURT_LIAISON_URN,
          purpose: step.purpose,
          scope: step.grantee === 'social-work' ? ['chain'] : ['chain', 'legal'],
          validUntil: null,
        });
        ctx.consents[step.grantee] = consent.consentId;
        return true;
      }
      case 'withdraw-consent':
        await municipality(`/consents/${ctx.consents['social-work']}/withdrawal`);
        return true;
      case 'refer-to-social-work': {
        const referralId = randomUUID();
        await municipality('/referrals', {
          referralId,
          toOrg: SOCIAL_WORK_URN,
          reason: step.reason,
          urgent: step.urgent,
          warm: true,
          ...(ctx.consents['social-work'] ? { consentRef: ctx.consents['social-work'] } : {}),
          ...dated('madeAt'),
        });
        ctx.socialWorkReferralId = referralId;
        return true;
      }
      case 'social-work-accept':
        await this.awaitInSocialWorkInbox(ctx.socialWorkReferralId);
        await this.client.post(
          'social-work',
          this.tokens.socialWorker,
          `/api/v1/referrals/${ctx.socialWorkReferralId}/acceptance`,
          dated('acceptedAt'),
        );
        return true;
      case 'social-work-decline':
        await this.awaitInSocialWorkInbox(ctx.socialWorkReferralId);
        await this.client.post(
          'social-work',
          this.tokens.socialWorker,
          `/api/v1/referrals/${ctx.socialWorkReferralId}/decline`,
          { reason: step.reason, ...dated('declinedAt') },
        );
        return true;
      case 'social-work-first-contact':
        await this.client.post('social-work', this.tokens.socialWorker, `/api/v1/pathways/${pathway()}/first-contact`, {
          kind: step.contactKind,
          referralId: ctx.socialWorkReferralId,
          ...dated('at'),
        });
        return true;
      case 'social-work-start-support':
        await this.client.post('social-work', this.tokens.socialWorker, `/api/v1/pathways/${pathway()}/support`, {
          kind: step.support,
        });
        return true;
      case 'social-work-end-support':
        await this.client.post(
          'social-work',
          this.tokens.socialWorker,
          `/api/v1/pathways/${pathway()}/support/${step.support}/end`,
          { outcome: step.outcome },
        );
        return true;
      case 'social-work-flag-urgent': {
        const before = await this.client.get<{ firstConversationDue: string | null }>(
          'municipality',
          counsellor,
          `/api/v1/pathways/${pathway()}`,
        );
        ctx.dueBeforeFlag = before.firstConversationDue ?? undefined;
        await this.client.post(
          'social-work',
          this.tokens.socialWorker,
          `/api/v1/pathways/${pathway()}/urgent-situations`,
          {
            threat: step.threat,
            dueBy: dateDaysAgo(-step.dueInDays),
          },
        );
        return true;
      }
      case 'await-deadline-shortened':
        await waitFor(
          `the municipality to shorten the first-conversation deadline of ${pathway()} after the urgent-situation flag`,
          async () => {
            const now = await this.client.get<{ crisis: unknown; firstConversationDue: string | null }>(
              'municipality',
              counsellor,
              `/api/v1/pathways/${pathway()}`,
            );
            const shortened =
              now.firstConversationDue !== null &&
              (ctx.dueBeforeFlag === undefined || now.firstConversationDue < ctx.dueBeforeFlag);
            return now.crisis !== null && shortened ? true : undefined;
          },
          timeout,
        );
        return true;
      case 'social-work-refer-back': {
        const referral = await this.client.post<{ referralId: string }>(
          'social-work',
          this.tokens.socialWorker,
          '/api/v1/referrals',
          {
            pathwayId: pathway(),
            toOrg: municipalityUrn,
            reason: step.reason,
            urgent: false,
            warm: false,
            ...dated('madeAt'),
          },
        );
        ctx.referBackId = referral.referralId;
        return true;
      }
      case 'await-referral-accepted-on-timeline':
        await waitFor(
          `the municipality's acceptance of referral ${ctx.referBackId} on the timeline`,
          async () => {
            const summary = await this.client.find<TimelineSnapshot>(
              'timeline',
              this.tokens.coordinator,
              `/api/v1/pathways/${pathway()}`,
            );
            return summary?.referrals.some((r) => r.referralId === ctx.referBackId && r.status === 'accepted')
              ? true
              : undefined;
          },
          timeout,
        );
        return true;
      case 'refer-to-court': {
        const referralId = randomUUID();
        await municipality('/referrals', {
          referralId,
          toOrg: COURT_LIAISON_URN,
          reason: step.reason,
          urgent: step.urgent,
          warm: false,
          ...(ctx.consents['court-liaison'] ? { consentRef: ctx.consents['court-liaison'] } : {}),
          ...dated('madeAt'),
        });
        ctx.courtReferralId = referralId;
        return true;
      }
      case 'court-accept-referral':
        await waitFor(
          `the court liaison to open a case for ${pathway()} after the municipality's referral`,
          () => this.client.find('court-liaison', this.tokens.courtLiaison, `/api/v1/pathways/${pathway()}`),
          timeout,
        );
        await this.client.post(
          'court-liaison',
          this.tokens.courtLiaison,
          `/api/v1/referrals/${ctx.courtReferralId}/acceptance`,
          dated('acceptedAt'),
        );
        return true;
      case 'court-moratorium': {
        await this.court(pathway(), '/moratorium/request', { basis: 'Fw-287b' });
        await this.court(pathway(), '/moratorium/grant', {
          startsAt: dateDaysAgo(step.startsDaysAgo),
          endsAt: dateDaysAgo(step.startsDaysAgo - step.lengthDays),
        });
        return true;
      }
      case 'court-forced-settlement':
        await this.court(pathway(), '/forced-settlement/request');
        await this.court(pathway(), '/hearings', { at: instantDaysAgo(-21), instrument: 'forced-settlement' });
        await this.court(pathway(), '/forced-settlement/decision', { outcome: step.outcome });
        return true;
      case 'court-wsnp':
        await this.court(pathway(), '/wsnp/petition');
        await this.court(pathway(), '/wsnp/admission', { termMonths: step.termMonths });
        return true;
    }
  }

  private async court(pathwayId: string, path: string, body: unknown = {}): Promise<void> {
    await this.client.post('court-liaison', this.tokens.courtLiaison, `/api/v1/pathways/${pathwayId}${path}`, body);
  }

  private async awaitInSocialWorkInbox(referralId: string | undefined): Promise<void> {
    if (!referralId) throw new DemoStepError('no referral to social work was made on this pathway');
    await waitFor(
      `referral ${referralId} in the social-work inbox of ${DEMO_ORGANISATIONS.socialWork}`,
      async () => {
        const inbox = await this.client.get<{ referrals: { referralId: string }[] }>(
          'social-work',
          this.tokens.socialWorker,
          '/api/v1/referrals?status=open',
        );
        return inbox.referrals.some((r) => r.referralId === referralId) ? true : undefined;
      },
      this.options.waitTimeoutMs,
    );
  }

  /** The pathway's timeline once it reflects the scenario's last step. */
  private async settledTimeline(scenario: DemoScenario, ctx: PathwayContext): Promise<TimelineSnapshot | undefined> {
    const pathwayId = ctx.pathwayId;
    if (!pathwayId) return undefined;
    const last = scenario.steps[scenario.steps.length - 1];
    const closingReason =
      last?.kind === 'close'
        ? last.reason
        : last?.kind === 'decide-intake' && last.closeReason
          ? last.closeReason
          : undefined;
    return waitFor(
      `pathway ${pathwayId} on the chain timeline${closingReason ? ` closed with ${closingReason}` : ''}`,
      async () => {
        const summary = await this.client.find<TimelineSnapshot>(
          'timeline',
          this.tokens.coordinator,
          `/api/v1/pathways/${pathwayId}`,
        );
        if (!summary) return undefined;
        if (closingReason && summary.closeReason !== closingReason) return undefined;
        return summary;
      },
      this.options.waitTimeoutMs,
    );
  }
}

function dateDaysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
}

function instantDaysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString();
}
