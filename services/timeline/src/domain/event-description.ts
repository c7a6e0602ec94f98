import { bool, type ChainEvent, num, parseEventType, str } from './chain-event';
import type { PathwaySummary } from './pathway-summary';

type Describe = (d: Readonly<Record<string, unknown>>) => string;

const euros = (cents: number | undefined): string =>
  cents === undefined ? 'an unknown amount' : `€${(cents / 100).toFixed(2)}`;
const crisisText = (d: Readonly<Record<string, unknown>>): string => {
  const crisis = d.crisis as { type?: unknown } | null | undefined;
  return crisis && typeof crisis.type === 'string' ? ` (crisis: ${crisis.type})` : '';
};
const opt = (label: string, value: string | undefined): string => (value ? `, ${label} ${value}` : '');

/**
 * One human-readable line per event type, for counsellors and coordinators reading
 * the timeline. Built only from event data, so it holds no personal data either.
 */
const DESCRIPTIONS: Record<string, Describe> = {
  'help-requested': (d) =>
    `Help request registered via ${str(d, 'channel') ?? 'unknown channel'}${crisisText(d)}; first conversation due ${str(d, 'firstConversationDue') ?? '?'}`,
  'early-signal-received': (d) =>
    `Early signal from ${str(d, 'signalPartnerType') ?? 'a partner'}: arrears of ${euros(num(d, 'arrearsCents'))}${bool(d, 'crisis') ? ' (crisis)' : ''}`,
  'contact-attempted': (d) =>
    `Contact attempted by ${str(d, 'kind') ?? '?'}: ${bool(d, 'reached') ? 'reached' : 'not reached'}`,
  'help-offer-accepted': () => 'Help offer accepted',
  'help-offer-declined': () => 'Help offer declined',
  'first-conversation-held': (d) =>
    `First conversation held ${bool(d, 'deadlineMet') ? 'within' : 'after'} the Wgs deadline`,
  'deadline-changed': (d) =>
    `First-conversation deadline changed to ${str(d, 'firstConversationDue') ?? '?'} (${str(d, 'reason') ?? 'no reason given'})`,
  'crisis-intervention-started': (d) => `Crisis intervention started (${str(d, 'threat') ?? '?'})`,
  'crisis-intervention-ended': () => 'Crisis intervention ended',
  'intake-decided': (d) => `Intake decided: ${str(d, 'decision') ?? '?'} (beschikking)`,
  'plan-of-action-set': () => 'Plan van aanpak set',
  'phase-changed': (d) =>
    str(d, 'from')
      ? `Phase changed from ${str(d, 'from')} to ${str(d, 'to') ?? '?'}`
      : `Phase set to ${str(d, 'to') ?? '?'}`,
  'stabilisation-started': () => 'Stabilisation started',
  'stabilisation-reached': () => 'Stabilisation reached',
  'guidance-started': (d) => `Guidance started: ${str(d, 'kind') ?? '?'}`,
  'guidance-ended': (d) => `Guidance ended: ${str(d, 'kind') ?? '?'}`,
  'debts-inventoried': (d) =>
    `Debts inventoried: ${num(d, 'creditorCount') ?? '?'} creditors, ${euros(num(d, 'totalDebtCents'))} in total`,
  'settlement-proposed': (d) =>
    `Settlement proposed: ${str(d, 'solutionKind') ?? '?'}${opt('term (months)', String(num(d, 'termMonths') ?? ''))}`,
  'creditor-responded': (d) => `Creditor responded: ${str(d, 'response') ?? '?'}`,
  'settlement-granted': () => 'Settlement granted',
  'settlement-rejected': () => 'Settlement rejected',
  'settlement-withdrawn': () => 'Settlement withdrawn',
  'repayment-started': () => 'Repayment period started',
  'repayment-completed': () => 'Repayment period completed',
  'aftercare-started': () => 'Nazorg started',
  'aftercare-ended': () => 'Nazorg ended',
  'pathway-closed': (d) => `Pathway closed: ${str(d, 'reason') ?? '?'} (in phase ${str(d, 'phaseAtClose') ?? '?'})`,
  'consent-recorded': (d) => `Consent recorded for ${str(d, 'grantee') ?? 'an organisation'}`,
  'consent-withdrawn': (d) => `Consent withdrawn for ${str(d, 'grantee') ?? 'an organisation'}`,
  'referral-made': (d) =>
    `Referred from ${str(d, 'fromOrg') ?? '?'} to ${str(d, 'toOrg') ?? '?'} (${str(d, 'reason') ?? '?'})${bool(d, 'urgent') ? ', urgent' : ''}`,
  'referral-accepted': (d) => `Referral accepted${opt('by', str(d, 'by'))}`,
  'referral-declined': (d) => `Referral declined${opt('by', str(d, 'by'))}${opt('reason', str(d, 'declineReason'))}`,
  'case-owner-changed': (d) => `Case owner changed from ${str(d, 'fromOrg') ?? '?'} to ${str(d, 'toOrg') ?? '?'}`,
  'first-contact-made': (d) => `First contact made${opt('by', str(d, 'kind'))}`,
  'support-started': (d) => `Support started: ${str(d, 'kind') ?? '?'}`,
  'support-ended': (d) => `Support ended: ${str(d, 'kind') ?? '?'}${opt('outcome', str(d, 'outcome'))}`,
  'urgent-situation-flagged': (d) =>
    `Urgent situation flagged: ${str(d, 'threat') ?? '?'}${opt('due by', str(d, 'dueBy'))}`,
  'moratorium-requested': () => 'Moratorium requested',
  'moratorium-granted': (d) => `Moratorium granted${opt('until', str(d, 'endsAt'))}`,
  'moratorium-rejected': () => 'Moratorium rejected',
  'moratorium-ended': () => 'Moratorium ended',
  'provisional-measure-granted': (d) => `Voorlopige voorziening granted${opt('until', str(d, 'endsAt'))}`,
  'forced-settlement-requested': () => 'Dwangakkoord requested',
  'forced-settlement-decided': (d) => `Dwangakkoord decided${opt('outcome', str(d, 'outcome'))}`,
  'wsnp-petition-filed': () => 'Wsnp petition filed',
  'wsnp-admitted': () => 'Admitted to the Wsnp',
  'wsnp-rejected': () => 'Wsnp petition rejected',
  'wsnp-ended': (d) => `Wsnp ended${bool(d, 'cleanSlate') ? ' with a clean slate' : ''}`,
  'protective-administration-requested': () => 'Beschermingsbewind requested',
  'protective-administration-ordered': () => 'Beschermingsbewind ordered',
  'protective-administration-lifted': () => 'Beschermingsbewind lifted',
  'hearing-scheduled': (d) => `Hearing scheduled${opt('on', str(d, 'at'))}`,
  'patient-consent-recorded': () => 'Patient consent recorded at the GP',
  'patient-consent-withdrawn': () => 'Patient consent withdrawn at the GP',
  'referral-outcome-received': (d) => `GP informed of the referral outcome: ${str(d, 'outcome') ?? '?'}`,
};

/**
 * The line for an event; `before` (the pathway as it was before the event) lets
 * hand-off steps say how long they waited: referral made -> answered -> first contact.
 */
export function describeEvent(event: ChainEvent, before?: PathwaySummary): string {
  const parsed = parseEventType(event.type);
  const describe = parsed ? DESCRIPTIONS[parsed.name] : undefined;
  const line = describe ? describe(event.data) : `Event ${event.type}`;
  const referral = before?.referrals.find((r) => r.referralId === str(event.data, 'referralId'));
  if (!parsed || !referral) return line;
  const at = str(event.data, 'at') ?? event.time;
  if ((parsed.name === 'referral-accepted' || parsed.name === 'referral-declined') && referral.madeAt)
    return `${line}, ${formatWait(referral.madeAt, at)} after the referral`;
  if (parsed.name === 'first-contact-made' && referral.answeredAt)
    return `${line}, ${formatWait(referral.answeredAt, at)} after acceptance`;
  return line;
}

/** "3 days 4 hours", "5 hours", "20 minutes" - calendar time between two instants. */
export function formatWait(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return plural(hours, 'hour');
  return plural(minutes, 'minute');
}
