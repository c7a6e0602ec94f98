/** The municipality's own view of a pathway (`GET /api/v1/pathways/:id`, BSN masked). */
export interface MunicipalityPathway {
  pathwayId: string;
  municipalityCode: string;
  status: 'new' | 'signalled' | 'open' | 'closed';
  phase: string | null;
  crisis: { type: string } | null;
  firstConversationDue: string | null;
  firstConversationHeldAt: string | null;
  intakeDecision: string | null;
  referrals: Record<string, { toOrg: string; reason: string; urgent: boolean; warm: boolean; at: string }>;
  consents: Record<
    string,
    {
      grantee: string;
      purpose: string;
      scope: string[];
      validUntil: string | null;
      recordedAt: string;
      withdrawnAt: string | null;
    }
  >;
  trajectory: { planOfAction: unknown; stabilisation: { startedAt: string; endedAt: string | null } | null };
  closure: { reason: string; at: string } | null;
  resident: { bsn: string; contact: { name?: string; phone?: string; email?: string } } | null;
}

/** The chain's view (`GET /api/v1/pathways/:id/timeline` of the timeline service). */
export interface ChainTimeline {
  pathwayId: string;
  pathway: {
    phase: string;
    crisis: string | null;
    legalStatus: string | null;
    owner: string | null;
    firstConversationDue: string | null;
    firstConversationHeldAt: string | null;
    referrals: {
      referralId: string;
      fromOrg: string | null;
      toOrg: string | null;
      madeAt: string | null;
      status: 'waiting' | 'accepted' | 'declined';
      answeredAt?: string;
      declineReason?: string;
      bounce: boolean;
    }[];
    consents: {
      consentId: string;
      grantee: string;
      scope: string[];
      validUntil: string | null;
      withdrawnAt: string | null;
    }[];
    openDeadlines: { kind: string; due: string }[];
    flags: { kind: string }[];
    closedAt: string | null;
  };
  events: {
    eventId: string;
    type: string;
    source: string;
    classification: string;
    occurredAt: string;
    summary: string;
  }[];
}

export interface ChainAccessLog {
  rows: {
    id: string;
    occurredAt: string;
    organisationId: string;
    organisationKind: string;
    roles: string[];
    resource: string;
    purpose: string;
    service: string;
  }[];
  incomplete: string[];
}

/**
 * The phase moves a counsellor may make by hand, mirrored from the
 * municipality's rule table (services/municipality/src/domain/pathway/
 * phase-transition.rule.ts, MANUAL_PHASE_TRANSITIONS). The service stays the
 * authority: a move it refuses comes back as its 409 and is shown as it words it.
 */
export const MANUAL_PHASE_TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  'plan-van-aanpak': ['stabilisatie', 'oplossing'],
  stabilisatie: ['oplossing'],
};

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
export const REFERRAL_TARGETS = [
  { urn: 'urn:nld:ketenpad:social-work:SW-AMS', label: 'pathway.action.refer.socialWork' },
  { urn: 'urn:nld:ketenpad:court-liaison:RB-AMS', label: 'pathway.action.refer.court' },
] as const;
