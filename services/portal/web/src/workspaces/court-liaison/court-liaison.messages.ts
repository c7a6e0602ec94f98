/**
 * The court workspace's texts; the portal's i18n module spreads them into its one
 * catalogue. Dutch is the default; the English catalogue must have the same keys
 * (a missing one fails to compile). Legal terms stay Dutch. Keys start with `court.`.
 */
const nl = {
  'court.title': 'Rechtbank',
};

const en: Record<keyof typeof nl, string> = {
  'court.title': 'Court',
};

export const courtMessages = { nl, en };
