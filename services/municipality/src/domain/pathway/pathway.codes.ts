import { CODE_LISTS } from '@ketenpad/contracts';
import type {
  MunicipalityEarlySignalReceivedV1,
  MunicipalityHelpRequestedV1,
  MunicipalityIntakeDecidedV1,
  MunicipalityPathwayClosedV1,
  MunicipalityPhaseChangedV1,
  MunicipalityReferralMadeV1,
  MunicipalityDeadlineChangedV1,
  MunicipalityConsentRecordedV1,
  MunicipalityContactAttemptedV1,
  MunicipalityCreditorRespondedV1,
  MunicipalityCrisisInterventionStartedV1,
  MunicipalityDebtsInventoriedV1,
  MunicipalityGuidanceStartedV1,
  MunicipalityPlanOfActionSetV1,
  MunicipalitySettlementProposedV1,
} from '@ketenpad/contracts';

// Code lists as runtime values (the HTTP adapter validates against them);
// the assertions at the bottom fail to compile when a list drifts from the
// JSON Schemas in contracts/ (STYLE.md rule 2: declared once, checked against it).

/** NVVK/DDAS trajectory phases, in order. */
export const PHASES = CODE_LISTS.pathway.phase;
export type Phase = (typeof PHASES)[number];

/** How a help request came in. */
export const CHANNELS = ['balie', 'telefoon', 'digitaal', 'verwijzing', 'vroegsignaal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Threats that make a crisis in the sense of the Wgs (plus the municipal protocol's `other`). */
export const CRISIS_TYPES = CODE_LISTS.pathway.threat;
export type CrisisType = (typeof CRISIS_TYPES)[number];
export interface Crisis {
  readonly type: CrisisType;
}

/** DDAS vroegsignalering EnumSignaalpartner. */
export const SIGNAL_PARTNER_TYPES = CODE_LISTS.ddasCodes.signaalpartner;
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
export const UITSTROOM_REASONS = CODE_LISTS.ddasCodes.uitstroomreden;
export type UitstroomReason = (typeof UITSTROOM_REASONS)[number];

/** Coded referral reasons (never a diagnosis or free text). */
export const REFERRAL_REASONS = CODE_LISTS.referral.reason;
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
export const CONSENT_PURPOSES = CODE_LISTS.consent.purpose;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Event classifications a consent can open to its grantee. */
export const CONSENT_SCOPES = CODE_LISTS.consent.scope;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** DDAS vroegsignalering EnumContactsoort: how an outreach attempt was made (contactpoging). */
export const CONTACT_KINDS = CODE_LISTS.ddasCodes.contactsoort;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Kinds of support a plan van aanpak deploys. */
export const SUPPORT_KINDS = CODE_LISTS.pathway.supportKind;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

/** DDAS EnumBegeleidingssoort. */
export const GUIDANCE_KINDS = CODE_LISTS.ddasCodes.begeleidingssoort;
export type GuidanceKind = (typeof GUIDANCE_KINDS)[number];

/** DDAS EnumSchuldensoort. */
export const DEBT_TYPES = CODE_LISTS.ddasCodes.schuldensoort;
export type DebtType = (typeof DEBT_TYPES)[number];

/** DDAS EnumOplossingssoort. */
export const SOLUTION_KINDS = CODE_LISTS.ddasCodes.oplossingssoort;
export type SolutionKind = (typeof SOLUTION_KINDS)[number];

/** A creditor's answer to a settlement proposal. */
export const CREDITOR_RESPONSES = ['accepted', 'refused', 'no-cooperation'] as const;
export type CreditorResponse = (typeof CREDITOR_RESPONSES)[number];

/** Repayment term of a debt settlement since 1 July 2023 (Msnp), in months. */
export const DEFAULT_SETTLEMENT_TERM_MONTHS = 18;

/** Days creditors pause collection after the resident accepted help (vroegsignalering convenant). */
export const COLLECTION_PAUSE_DAYS = 30;

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
  Check<Same<ContactKind, MunicipalityContactAttemptedV1['kind']>>,
  Check<Same<SupportKind, MunicipalityPlanOfActionSetV1['supportTypes'][number]>>,
  Check<Same<GuidanceKind, MunicipalityGuidanceStartedV1['kind']>>,
  Check<Same<DebtType, MunicipalityDebtsInventoriedV1['debtTypes'][number]>>,
  Check<Same<SolutionKind, MunicipalitySettlementProposedV1['solutionKind']>>,
  Check<Same<CreditorResponse, MunicipalityCreditorRespondedV1['response']>>,
  Check<Same<CrisisType, MunicipalityCrisisInterventionStartedV1['threat']>>,
];
