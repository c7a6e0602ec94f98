/**
 * The gp practice workspace's texts; the portal's i18n module spreads them into its one
 * catalogue. Dutch is the default; the English catalogue must have the same keys
 * (a missing one fails to compile). Legal terms stay Dutch. Keys start with `gp.`.
 */
const nl = {
  'gp.title': 'Huisartsenpraktijk',
};

const en: Record<keyof typeof nl, string> = {
  'gp.title': 'GP practice',
};

export const gpMessages = { nl, en };
