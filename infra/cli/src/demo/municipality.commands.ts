import type { DemoScenario, DemoStep } from './scenario.generator';

// The municipality's public API calls for the steps a counsellor takes alone,
// spelled once: the demo runner plays them against the running stack and the
// B4 benchmark drives them at a fixed rate. Pure: times come from `now`.

/** One call to the municipality API on an existing pathway. */
export interface MunicipalityCommand {
  /** Path below `/api/v1/pathways/<pathwayId>`. */
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** The event type the call records first: the command is visible on the timeline once that event is. */
  readonly emits: string;
}

const DAY_MS = 86_400_000;
const PREFIX = 'nl.ketenpad.municipality.';

/** Step kinds a counsellor takes without another organisation. */
export const MUNICIPALITY_ONLY_STEPS = [
  'hold-first-conversation',
  'decide-intake',
  'set-plan-of-action',
  'start-stabilisation',
  'reach-stabilisation',
  'settlement-offer',
  'grant-settlement',
  'repayment',
  'aftercare',
  'close',
] as const satisfies readonly DemoStep['kind'][];
type MunicipalityOnlyKind = (typeof MUNICIPALITY_ONLY_STEPS)[number];
export type MunicipalityOnlyStep = Extract<DemoStep, { kind: MunicipalityOnlyKind }>;

export function isMunicipalityOnly(step: DemoStep): step is MunicipalityOnlyStep {
  return (MUNICIPALITY_ONLY_STEPS as readonly string[]).includes(step.kind);
}

/** The calls of one municipality-only step, in order. */
export function municipalityCommandsOf(step: MunicipalityOnlyStep, now: number): MunicipalityCommand[] {
  const command = (path: string, body: Record<string, unknown>, event: string): MunicipalityCommand => ({
    path,
    body,
    emits: PREFIX + event,
  });
  switch (step.kind) {
    case 'hold-first-conversation':
      return [
        command(
          '/first-conversation',
          step.heldDaysAgo > 0 ? { heldAt: new Date(now - step.heldDaysAgo * DAY_MS).toISOString() } : {},
          'first-conversation-held.v1',
        ),
      ];
    case 'decide-intake':
      return [
        command(
          '/intake-decision',
          { decision: step.decision, ...(step.closeReason ? { closeReason: step.closeReason } : {}) },
          'intake-decided.v1',
        ),
      ];
    case 'set-plan-of-action':
      return [command('/plan-of-action', { supportTypes: step.supportTypes }, 'plan-of-action-set.v1')];
    case 'start-stabilisation':
      return [
        command('/stabilisation/start', {}, 'stabilisation-started.v1'),
        command('/guidance', { kind: step.guidance }, 'guidance-started.v1'),
      ];
    case 'reach-stabilisation':
      return [command('/stabilisation/reached', {}, 'stabilisation-reached.v1')];
    case 'settlement-offer':
      return [
        command(
          '/debts',
          {
            creditorCount: step.creditorCount,
            totalDebtCents: step.totalDebtCents,
            debtTypes: ['Zorg', 'Publiek', 'Overig'],
          },
          'debts-inventoried.v1',
        ),
        command(
          '/settlement-proposals',
          { solutionKind: 'Schuldbemiddeling', vtlbCents: Math.round(step.totalDebtCents / 60), termMonths: 18 },
          'settlement-proposed.v1',
        ),
        // Two creditors refuse where a dwangakkoord follows; the rest agree.
        ...Array.from({ length: step.creditorCount }, (_, i) =>
          command(
            '/creditor-responses',
            { response: step.creditorsRefuse && i < 2 ? 'refused' : 'accepted' },
            'creditor-responded.v1',
          ),
        ),
      ];
    case 'grant-settlement':
      return [command('/settlement/grant', {}, 'settlement-granted.v1')];
    case 'repayment':
      return [
        command('/repayment/start', {}, 'repayment-started.v1'),
        command('/repayment/complete', {}, 'repayment-completed.v1'),
      ];
    case 'aftercare':
      return [
        command('/aftercare/start', {}, 'aftercare-started.v1'),
        command('/aftercare/end', {}, 'aftercare-ended.v1'),
      ];
    case 'close':
      return [command('/closure', { reason: step.reason }, 'pathway-closed.v1')];
  }
}

/** How a pathway is opened: a help request, or an early signal (body without the resident's BSN). */
export interface OpeningCommand {
  /** Path below `/api/v1`. */
  readonly path: '/pathways' | '/early-signals';
  readonly body: Readonly<Record<string, unknown>>;
  readonly emits: string;
}

/**
 * The municipality-only part of a scenario, for load that runs the
 * municipality alone (B4): its opening and every following counsellor step up
 * to the first one that needs another organisation (a GP-referred pathway
 * stops after its help request: the GP's referral needs the GP service).
 */
export function municipalityRun(
  scenario: DemoScenario,
  now: number,
): { opening: OpeningCommand; commands: MunicipalityCommand[] } | undefined {
  const [first, ...rest] = scenario.steps;
  let opening: OpeningCommand;
  let remaining = rest;
  if (first?.kind === 'register-help-request') {
    opening = {
      path: '/pathways',
      body: {
        channel: first.channel,
        crisis: first.crisis ? { type: first.crisis } : null,
        ...(first.requestedDaysAgo > 0
          ? { requestedAt: new Date(now - first.requestedDaysAgo * DAY_MS).toISOString() }
          : {}),
      },
      emits: `${PREFIX}help-requested.v1`,
    };
  } else if (first?.kind === 'receive-early-signal') {
    const day = (days: number): string => new Date(now - days * DAY_MS).toISOString().slice(0, 10);
    opening = {
      path: '/early-signals',
      body: {
        signalPartnerType: first.signalPartnerType,
        arrearsCents: first.arrearsCents,
        arrearsSince: day(first.arrearsSinceDaysAgo),
        signalledAt: day(first.signalledDaysAgo),
        crisis: first.crisis ? { type: first.crisis } : null,
        warmHandover: first.warmHandover,
      },
      emits: `${PREFIX}early-signal-received.v1`,
    };
    // The help request that follows a signal is registered on the same resident: B4 keeps to the signal.
    remaining = [];
  } else return undefined;
  const commands: MunicipalityCommand[] = [];
  for (const step of remaining) {
    if (!isMunicipalityOnly(step)) break;
    commands.push(...municipalityCommandsOf(step, now));
  }
  return { opening, commands };
}
