import type {
  MunicipalityEarlySignalReceivedV1,
  MunicipalityHelpRequestedV1,
  MunicipalityIntakeDecidedV1,
  MunicipalityPathwayClosedV1,
  MunicipalityPhaseChangedV1,
  MunicipalityReferralMadeV1,
  MunicipalityDeadlineChangedV1,
  MunicipalityConsentRecordedV1,
} from '@ketenpad/contracts';

// Code lists as runtime values (the HTTP adapter validates against them);
// the assertions at the bottom fail to compile when a list drifts from the
// JSON Schemas in contracts/ (STYLE.md rule 2: declared once, checked against it).

/** NVVK/DDAS trajectory phases, in order. */
export const PHASES = [
  'aanmelding',
  'intake',
  'plan-van-aanpak',
  'stabilisatie',
  'oplossing',
  'aflossing',
  'nazorg',
  'uitstroom',
] as const;
export type Phase = (typeof PHASES)[number];

/** How a help request came in. */
export const CHANNELS = ['balie', 'telefoon', 'digitaal', 'verwijzing', 'vroegsignaal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Threats that make a crisis in the sense of the Wgs (plus the municipal protocol's `other`). */
export const CRISIS_TYPES = ['eviction', 'energy', 'water', 'heat', 'health-insurance', 'other'] as const;
export type CrisisType = (typeof CRISIS_TYPES)[number];
export interface Crisis {
  readonly type: CrisisType;
}

/** DDAS vroegsignalering EnumSignaalpartner. */
export const SIGNAL_PARTNER_TYPES = [
  'Energie',
  'Huur',
  'Hypotheek',
  'CAK Zorgverzekeringen',
  'Zorg',
  'Water',
  'DUO',
  'Belastingdienst',
  'CAK Eigen bijdrage',
  'Overige',
  'Dienst Toeslagen',
] as const;
export type SignalPartnerType = (typeof SIGNAL_PARTNER_TYPES)[number];

/** The counsellor's decision at the end of the intake. */
export const INTAKE_DECISIONS = ['toelating', 'afwijzing'] as const;
export type IntakeDecision = (typeof INTAKE_DECISIONS)[number];

/** DDAS EnumBeschikkingssoort, one per intake decision. */
export const BESCHIKKINGSSOORT = {
  toelating: 'Toelatingsbeschikking',
  afwijzing: 'Afwijzingsbeschikking',
} as const satisfies Record<IntakeDecision, string>;
export type Beschikkingssoort = (typeof BESCHIKKINGSSOORT)[IntakeDecision];

/** DDAS EnumUitstroomreden, spelled exactly as in DDAS v1.0 (note `Nietverschenen`). */
export const UITSTROOM_REASONS = [
  'Afgerond',
  'Ingetrokken',
  'Niet passend',
  'Nietverschenen',
  'Overleden',
  'Verhuisd',
  'Voldoet niet',
  'Zelf',
  'Overig',
] as const;
export type UitstroomReason = (typeof UITSTROOM_REASONS)[number];

/** Coded referral reasons (never a diagnosis or free text). */
export const REFERRAL_REASONS = [
  'financial-worries',
  'payment-arrears',
  'debt-assistance',
  'stabilisation',
  'budget-coaching',
  'urgent-threat',
  'court-procedure',
  'protective-administration',
  'aftercare',
  'other',
] as const;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];

/** Why a first-conversation deadline changed. */
export const DEADLINE_CHANGE_REASONS = [
  'crisis-reported',
  'urgent-situation-flagged',
  'crisis-resolved',
  'correction',
] as const;
export type DeadlineChangeReason = (typeof DEADLINE_CHANGE_REASONS)[number];

/** Purposes (doelbinding) a resident can consent to. */
export const CONSENT_PURPOSES = [
  'debt-assistance',
  'referral',
  'early-signal-follow-up',
  'stabilisation-support',
  'protective-administration',
  'aftercare',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Event classifications a consent can open to its grantee. */
export const CONSENT_SCOPES = ['chain', 'legal', 'financial', 'health-restricted'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** Organisation URN as used in `source` and referral fields. */
export const ORGANISATION_URN = /^urn:nld:ketenpad:(municipality|social-work|court-liaison|gp|partner):[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** CBS municipality code, e.g. GM0363. */
export const MUNICIPALITY_CODE = /^GM[0-9]{4}$/;
/** URN of a municipality; the organisation id is its CBS code (group 1). */
export const MUNICIPALITY_URN = /^urn:nld:ketenpad:municipality:(GM[0-9]{4})$/;

/** The URN a municipality publishes under and is referred to by. */
export function municipalityUrn(municipalityCode: string): string {
  return `urn:nld:ketenpad:municipality:${municipalityCode}`;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
type _CodeListsMatchContracts = [
  Check<Same<Phase, MunicipalityPhaseChangedV1['to']>>,
  Check<Same<Channel, MunicipalityHelpRequestedV1['channel']>>,
  Check<Same<CrisisType, NonNullable<MunicipalityHelpRequestedV1['crisis']>['type']>>,
  Check<Same<SignalPartnerType, MunicipalityEarlySignalReceivedV1['signalPartnerType']>>,
  Check<Same<Beschikkingssoort, MunicipalityIntakeDecidedV1['decision']>>,
  Check<Same<UitstroomReason, MunicipalityPathwayClosedV1['reason']>>,
  Check<Same<ReferralReason, MunicipalityReferralMadeV1['reason']>>,
  Check<Same<DeadlineChangeReason, MunicipalityDeadlineChangedV1['reason']>>,
  Check<Same<ConsentPurpose, MunicipalityConsentRecordedV1['purpose']>>,
  Check<Same<ConsentScope, MunicipalityConsentRecordedV1['scope'][number]>>,
];
