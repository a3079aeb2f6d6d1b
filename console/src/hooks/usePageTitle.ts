import { useEffect } from 'preact/hooks';

/** The tab's title names the page, so history and screen readers tell the pages apart. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Passkey Companion console`;
  }, [title]);
}
