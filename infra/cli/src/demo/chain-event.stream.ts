import type { KetenpadEventDataMap, KetenpadEventType } from '@ketenpad/contracts';
import { buildEvent, sourceFor, type KetenpadEvent } from '@ketenpad/events';
import type { DemoScenario, DemoStep } from './scenario.generator';
import { DEMO_ORGANISATIONS } from './scenario.runner';
import { SeededRandom } from './seeded.random';

// The scenarios as the events every organisation would publish, with the
// published phase durations (DOMAIN.md), for volume benchmarks that need a
// realistic history without running the whole chain: B5's rebuild and the
// history preload of B2. Pure and seeded: the same scenarios and seed give the
// same events, ids included.

const DAY_MS = 86_400_000;
/** DOMAIN.md: Wgs term of 4 weeks, 3 (working) days in crisis; NVVK average 11 days to the first conversation. */
const WGS_TERM_DAYS = 28;
const CRISIS_TERM_DAYS = 3;
const MEAN_DAYS_TO_FIRST_CONVERSATION = 11;
/** NVVK norm 120 days to arrange a settlement; in practice 2-3x as long. */
const SETTLEMENT_PREPARATION_DAYS: readonly [number, number] = [120, 360];
/** Repayment period: 18 months. */
export const REPAYMENT_MONTHS = 18;

export interface EventStreamOptions {
  readonly seed: number;
  /** Start of the first pathway (ms since epoch). */
  readonly startsAt: number;
  /** Time between the starts of consecutive pathways. */
  readonly spacingMs: number;
}

/** One pathway's events, in the order they happened. */
export interface PathwayEvents {
  readonly scenario: DemoScenario;
  readonly pathwayId: string;
  readonly events: readonly KetenpadEvent[];
}

/** Every scenario's events; pathway `i` starts `i * spacingMs` after `startsAt`. */
export function chainEventStreams(scenarios: readonly DemoScenario[], options: EventStreamOptions): PathwayEvents[] {
  const random = new SeededRandom(options.seed);
  return scenarios.map((scenario, i) => pathwayEvents(scenario, random, options.startsAt + i * options.spacingMs));
}

/** Every event of every stream in time order, as the chain would publish them. */
export function interleaved(streams: readonly PathwayEvents[]): KetenpadEvent[] {
  return streams.flatMap((s) => s.events).sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

type Phase = KetenpadEventDataMap['nl.ketenpad.municipality.phase-changed.v1']['to'];

function pathwayEvents(scenario: DemoScenario, random: SeededRandom, startsAt: number): PathwayEvents {
  const pathwayId = random.uuid();
  const municipality = sourceFor('municipality', scenario.municipality);
  const socialWork = sourceFor('social-work', DEMO_ORGANISATIONS.socialWork);
  const court = sourceFor('court-liaison', DEMO_ORGANISATIONS.courtLiaison);
  const gp = sourceFor('gp', DEMO_ORGANISATIONS.gp);
  const events: KetenpadEvent[] = [];
  let now = startsAt;
  let phase: Phase | null = null;
  let firstConversationDue = '';
  let crisis = scenario.crisis;
  let gpReferralId: string | undefined;
  let socialWorkReferral: string | undefined;
  let courtReferral: string | undefined;
  const consents: Partial<Record<'social-work' | 'court-liaison', string>> = {};

  const iso = (): string => new Date(now).toISOString();
  const day = (at: number): string => new Date(at).toISOString().slice(0, 10);
  const wait = (minDays: number, maxDays: number): void => {
    // Whole minutes, so two events of a pathway never share an instant.
    now += Math.max(60_000, Math.round(((minDays + random.next() * (maxDays - minDays)) * DAY_MS) / 60_000) * 60_000);
  };
  const emit = <T extends KetenpadEventType>(type: T, source: string, data: KetenpadEventDataMap[T]): void => {
    events.push(
      buildEvent({ type, source, pathwayId, time: iso(), id: random.uuid(), data }) as unknown as KetenpadEvent,
    );
    now += 1_000;
  };
  const toPhase = (to: Phase): void => {
    emit('nl.ketenpad.municipality.phase-changed.v1', municipality, { from: phase, to, at: iso() });
    phase = to;
  };

  for (const step of scenario.steps) play(step);
  return { scenario, pathwayId, events };

  function play(step: DemoStep): void {
    switch (step.kind) {
      case 'receive-early-signal':
        emit('nl.ketenpad.municipality.early-signal-received.v1', municipality, {
          signalPartnerType:
            step.signalPartnerType as KetenpadEventDataMap['nl.ketenpad.municipality.early-signal-received.v1']['signalPartnerType'],
          arrearsCents: step.arrearsCents,
          arrearsSince: day(now - step.arrearsSinceDaysAgo * DAY_MS),
          signalledAt: day(now),
          crisis: step.crisis ? { type: step.crisis } : null,
          warmHandover: step.warmHandover,
        });
        wait(1, Math.max(2, step.signalledDaysAgo - 0));
        return;
      case 'register-help-request': {
        crisis = step.crisis;
        firstConversationDue = day(now + (crisis ? CRISIS_TERM_DAYS : WGS_TERM_DAYS) * DAY_MS);
        emit('nl.ketenpad.municipality.help-requested.v1', municipality, {
          channel: step.channel,
          requestedAt: iso(),
          crisis: crisis ? { type: crisis } : null,
          firstConversationDue,
          municipalityCode: scenario.municipality,
          ...(gpReferralId ? { referralId: gpReferralId } : {}),
        });
        toPhase('aanmelding');
        if (scenario.breach === 'overdue') now += (step.requestedDaysAgo - 1) * DAY_MS;
        return;
      }
      case 'gp-record-consent':
        wait(0, 1);
        emit('nl.ketenpad.gp.patient-consent-recorded.v1', gp, {
          consentId: random.uuid(),
          scope: ['refer-to-municipality', 'receive-outcome'],
          validUntil: null,
          at: iso(),
        });
        return;
      case 'gp-refer-to-municipality':
        gpReferralId = random.uuid();
        emit('nl.ketenpad.gp.referral-made.v1', gp, {
          referralId: gpReferralId,
          fromOrg: gp,
          toOrg: municipality,
          reason: 'financial-worries',
          urgent: step.urgent,
          warm: true,
          consentRef: random.uuid(),
          at: iso(),
        });
        return;
      case 'await-gp-referral':
        if (step.status === 'accepted' && gpReferralId) {
          wait(0, 2);
          emit('nl.ketenpad.municipality.referral-accepted.v1', municipality, {
            referralId: gpReferralId,
            by: municipality,
            at: iso(),
            fromOrg: gp,
          });
        } else if (gpReferralId) {
          wait(0, 1);
          emit('nl.ketenpad.gp.referral-outcome-received.v1', gp, {
            referralId: gpReferralId,
            outcome: 'first-conversation-held',
            at: iso(),
          });
        }
        return;
      case 'hold-first-conversation': {
        const requested = step.heldDaysAgo > 0 ? step.heldDaysAgo : 0;
        if (scenario.breach === 'late-conversation') wait(WGS_TERM_DAYS + 3, WGS_TERM_DAYS + 12 + (requested % 3));
        else if (crisis) wait(0, CRISIS_TERM_DAYS - 0.5);
        else
          now +=
            Math.round(
              Math.min(WGS_TERM_DAYS - 1, -Math.log(1 - random.next()) * MEAN_DAYS_TO_FIRST_CONVERSATION) * DAY_MS,
            ) + 3_600_000;
        emit('nl.ketenpad.municipality.first-conversation-held.v1', municipality, {
          heldAt: iso(),
          deadlineMet: day(now) <= firstConversationDue,
          firstConversationDue,
        });
        toPhase('intake');
        return;
      }
      case 'decide-intake':
        wait(3, 14);
        emit('nl.ketenpad.municipality.intake-decided.v1', municipality, {
          decision: step.decision === 'toelating' ? 'Toelatingsbeschikking' : 'Afwijzingsbeschikking',
          decidedAt: day(now),
        });
        if (step.closeReason) close(step.closeReason);
        else toPhase('plan-van-aanpak');
        return;
      case 'set-plan-of-action':
        wait(5, 20);
        emit('nl.ketenpad.municipality.plan-of-action-set.v1', municipality, {
          at: iso(),
          supportTypes: [...step.supportTypes],
        });
        return;
      case 'start-stabilisation':
        wait(0, 7);
        emit('nl.ketenpad.municipality.stabilisation-started.v1', municipality, { at: iso() });
        toPhase('stabilisatie');
        emit('nl.ketenpad.municipality.guidance-started.v1', municipality, { kind: step.guidance, at: iso() });
        return;
      case 'reach-stabilisation':
        wait(30, 120);
        emit('nl.ketenpad.municipality.stabilisation-reached.v1', municipality, { at: iso() });
        return;
      case 'record-consent': {
        wait(0, 3);
        const consentId = random.uuid();
        consents[step.grantee] = consentId;
        emit('nl.ketenpad.municipality.consent-recorded.v1', municipality, {
          consentId,
          grantee: step.grantee === 'social-work' ? socialWork : court,
          purpose: step.purpose,
          scope: step.grantee === 'social-work' ? ['chain'] : ['chain', 'legal'],
          validUntil: null,
          at: iso(),
        });
        return;
      }
      case 'withdraw-consent':
        wait(10, 60);
        if (consents['social-work'])
          emit('nl.ketenpad.municipality.consent-withdrawn.v1', municipality, {
            consentId: consents['social-work'],
            grantee: socialWork,
            at: iso(),
          });
        return;
      case 'refer-to-social-work':
        wait(0, 2);
        socialWorkReferral = random.uuid();
        emit('nl.ketenpad.municipality.referral-made.v1', municipality, {
          referralId: socialWorkReferral,
          fromOrg: municipality,
          toOrg: socialWork,
          reason: step.reason,
          urgent: step.urgent,
          warm: true,
          ...(consents['social-work'] ? { consentRef: consents['social-work'] } : {}),
          at: iso(),
        });
        return;
      case 'social-work-accept':
        wait(2, 10);
        emit('nl.ketenpad.social-work.referral-accepted.v1', socialWork, {
          referralId: socialWorkReferral ?? random.uuid(),
          by: socialWork,
          at: iso(),
          fromOrg: municipality,
        });
        return;
      case 'social-work-decline':
        wait(2, 10);
        emit('nl.ketenpad.social-work.referral-declined.v1', socialWork, {
          referralId: socialWorkReferral ?? random.uuid(),
          by: socialWork,
          declineReason: step.reason,
          at: iso(),
        });
        return;
      case 'social-work-first-contact':
        wait(1, 7);
        emit('nl.ketenpad.social-work.first-contact-made.v1', socialWork, {
          ...(socialWorkReferral ? { referralId: socialWorkReferral } : {}),
          kind: step.contactKind,
          at: iso(),
        });
        return;
      case 'social-work-start-support':
        wait(0, 7);
        emit('nl.ketenpad.social-work.support-started.v1', socialWork, { kind: step.support, at: iso() });
        return;
      case 'social-work-end-support':
        wait(7, 60);
        emit('nl.ketenpad.social-work.support-ended.v1', socialWork, {
          kind: step.support,
          outcome: step.outcome,
          at: iso(),
        });
        return;
      case 'social-work-flag-urgent': {
        wait(0, 3);
        const dueBy = day(now + step.dueInDays * DAY_MS);
        emit('nl.ketenpad.social-work.urgent-situation-flagged.v1', socialWork, {
          threat: step.threat,
          dueBy,
          at: iso(),
        });
        crisis = step.threat;
        return;
      }
      case 'await-deadline-shortened': {
        const previous = firstConversationDue;
        firstConversationDue = day(now + CRISIS_TERM_DAYS * DAY_MS);
        emit('nl.ketenpad.municipality.deadline-changed.v1', municipality, {
          firstConversationDue,
          reason: 'urgent-situation-flagged',
          previousFirstConversationDue: previous,
        });
        return;
      }
      case 'social-work-refer-back': {
        wait(3, 20);
        const referralId = random.uuid();
        emit('nl.ketenpad.social-work.referral-made.v1', socialWork, {
          referralId,
          fromOrg: socialWork,
          toOrg: municipality,
          reason: step.reason,
          urgent: false,
          warm: false,
          at: iso(),
        });
        wait(1, 5);
        emit('nl.ketenpad.municipality.referral-accepted.v1', municipality, {
          referralId,
          by: municipality,
          at: iso(),
          fromOrg: socialWork,
        });
        return;
      }
      case 'await-referral-accepted-on-timeline':
        return;
      case 'refer-to-court':
        wait(0, 5);
        courtReferral = random.uuid();
        emit('nl.ketenpad.municipality.referral-made.v1', municipality, {
          referralId: courtReferral,
          fromOrg: municipality,
          toOrg: court,
          reason: step.reason,
          urgent: step.urgent,
          warm: false,
          ...(consents['court-liaison'] ? { consentRef: consents['court-liaison'] } : {}),
          at: iso(),
        });
        return;
      case 'court-accept-referral':
        wait(1, 5);
        emit('nl.ketenpad.court-liaison.referral-accepted.v1', court, {
          referralId: courtReferral ?? random.uuid(),
          by: court,
          at: iso(),
          fromOrg: municipality,
        });
        return;
      case 'court-moratorium': {
        wait(0, 2);
        emit('nl.ketenpad.court-liaison.moratorium-requested.v1', court, { basis: 'Fw-287b', at: iso() });
        wait(1, 3);
        const startsAt = now;
        emit('nl.ketenpad.court-liaison.moratorium-granted.v1', court, {
          at: iso(),
          startsAt: day(startsAt),
          endsAt: day(startsAt + step.lengthDays * DAY_MS),
        });
        if (scenario.expiredMoratorium) {
          now = Math.max(now, startsAt + step.lengthDays * DAY_MS);
          emit('nl.ketenpad.court-liaison.moratorium-ended.v1', court, { at: iso() });
        }
        return;
      }
      case 'court-forced-settlement':
        wait(7, 30);
        emit('nl.ketenpad.court-liaison.forced-settlement-requested.v1', court, { at: iso() });
        emit('nl.ketenpad.court-liaison.hearing-scheduled.v1', court, {
          at: new Date(now + 21 * DAY_MS).toISOString(),
          instrument: 'forced-settlement',
        });
        wait(21, 49);
        emit('nl.ketenpad.court-liaison.forced-settlement-decided.v1', court, { at: iso(), outcome: step.outcome });
        return;
      case 'court-wsnp':
        wait(7, 30);
        emit('nl.ketenpad.court-liaison.wsnp-petition-filed.v1', court, { at: iso() });
        wait(30, 60);
        emit('nl.ketenpad.court-liaison.wsnp-admitted.v1', court, { at: iso(), termMonths: step.termMonths });
        return;
      case 'settlement-offer': {
        wait(SETTLEMENT_PREPARATION_DAYS[0] * 0.4, SETTLEMENT_PREPARATION_DAYS[1] * 0.4);
        emit('nl.ketenpad.municipality.debts-inventoried.v1', municipality, {
          creditorCount: step.creditorCount,
          totalDebtCents: step.totalDebtCents,
          debtTypes: ['Zorg', 'Publiek', 'Overig'],
          at: iso(),
        });
        wait(SETTLEMENT_PREPARATION_DAYS[0] * 0.6, SETTLEMENT_PREPARATION_DAYS[1] * 0.6);
        emit('nl.ketenpad.municipality.settlement-proposed.v1', municipality, {
          solutionKind: 'Schuldbemiddeling',
          vtlbCents: Math.round(step.totalDebtCents / 60),
          termMonths: REPAYMENT_MONTHS,
          at: iso(),
        });
        toPhase('oplossing');
        for (let i = 0; i < step.creditorCount; i++) {
          wait(1, 6);
          emit('nl.ketenpad.municipality.creditor-responded.v1', municipality, {
            response: step.creditorsRefuse && i < 2 ? 'refused' : 'accepted',
            at: iso(),
          });
        }
        return;
      }
      case 'grant-settlement':
        wait(7, 21);
        emit('nl.ketenpad.municipality.settlement-granted.v1', municipality, { at: iso() });
        return;
      case 'repayment': {
        wait(7, 30);
        emit('nl.ketenpad.municipality.repayment-started.v1', municipality, { at: iso() });
        toPhase('aflossing');
        now = monthsLater(now, REPAYMENT_MONTHS);
        emit('nl.ketenpad.municipality.repayment-completed.v1', municipality, { at: iso() });
        return;
      }
      case 'aftercare':
        wait(1, 14);
        emit('nl.ketenpad.municipality.aftercare-started.v1', municipality, { at: iso() });
        toPhase('nazorg');
        wait(90, 180);
        emit('nl.ketenpad.municipality.aftercare-ended.v1', municipality, { at: iso() });
        return;
      case 'close':
        wait(7, 60);
        close(step.reason);
        return;
    }
  }

  function close(reason: KetenpadEventDataMap['nl.ketenpad.municipality.pathway-closed.v1']['reason']): void {
    emit('nl.ketenpad.municipality.pathway-closed.v1', municipality, {
      reason,
      phaseAtClose: phase ?? 'aanmelding',
      at: iso(),
    });
    toPhase('uitstroom');
  }
}

/** The same day of the month `months` later, or that month's last day when it is shorter. */
function monthsLater(at: number, months: number): number {
  const date = new Date(at);
  const target = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + months,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime();
}
