import { useEffect } from 'react';

/** The browser tab's title for the page on screen (WCAG 2.4.2): "<page> — Ketenpad". */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} — Ketenpad` : 'Ketenpad';
  }, [title]);
}
