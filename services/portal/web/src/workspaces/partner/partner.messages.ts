/**
 * The partner workspace's texts; the portal's i18n module spreads them into its one
 * catalogue. Dutch is the default; the English catalogue must have the same keys
 * (a missing one fails to compile). Legal terms stay Dutch. Keys start with `partner.`.
 */
const nl = {
  'partner.title': 'Ketenpartner',
};

const en: Record<keyof typeof nl, string> = {
  'partner.title': 'Partner',
};

export const partnerMessages = { nl, en };
