import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { dashboardMessages } from '../dashboard/dashboard.messages';
import { courtMessages } from '../workspaces/court-liaison/court-liaison.messages';
import { gpMessages } from '../workspaces/gp/gp.messages';
import { partnerMessages } from '../workspaces/partner/partner.messages';
import { socialWorkMessages } from '../workspaces/social-work/social-work.messages';
import { en } from './messages.en';
import { nl, type MessageKey } from './messages.nl';

export type Language = 'nl' | 'en';
/** The workspaces keep their texts next to their pages; all of them make the one catalogue. */
const PARTS = [dashboardMessages, socialWorkMessages, courtMessages, gpMessages, partnerMessages] as const;
type PartKey<P> = P extends { nl: infer N } ? keyof N : never;
export type AnyMessageKey = MessageKey | PartKey<(typeof PARTS)[number]>;
type Params = Record<string, string | number>;

const CATALOGUE: Record<Language, Record<string, string>> = {
  nl: Object.assign({}, nl, ...PARTS.map((part) => part.nl)) as Record<string, string>,
  en: Object.assign({}, en, ...PARTS.map((part) => part.en)) as Record<string, string>,
};
const STORAGE_KEY = 'ketenpad.language';

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: AnyMessageKey, params?: Params) => string;
  /** A text for a key built from data (an event type, a phase); `fallback` when the catalogue has none. */
  tOr: (key: string, fallback: string, params?: Params) => string;
  /** Whether the catalogue has a text for a key built from data. */
  has: (key: string) => boolean;
  locale: string;
}

const I18nContext = createContext<I18n | null>(null);

function format(template: string, params?: Params): string {
  return params ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match)) : template;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() =>
    window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'nl',
  );
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = CATALOGUE[language];
    return {
      language,
      setLanguage,
      locale: language === 'nl' ? 'nl-NL' : 'en-GB',
      t: (key, params) => format(messages[key] ?? key, params),
      tOr: (key, fallback, params) => format(messages[key] ?? fallback, params),
      has: (key) => key in messages,
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useT outside I18nProvider');
  return context;
}
