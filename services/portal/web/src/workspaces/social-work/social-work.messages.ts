/**
 * The social work workspace's texts; the portal's i18n module spreads them into its one
 * catalogue. Dutch is the default; the English catalogue must have the same keys
 * (a missing one fails to compile). Legal terms stay Dutch. Keys start with `socialWork.`.
 */
const nl = {
  'socialWork.title': 'Sociaal werk',
};

const en: Record<keyof typeof nl, string> = {
  'socialWork.title': 'Social work',
};

export const socialWorkMessages = { nl, en };
