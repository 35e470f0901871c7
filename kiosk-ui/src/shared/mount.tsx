/** Starts one page: its styles, its language (from ?lang= or the browser) and its root component. */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { LanguageProvider, initialLanguage } from './i18n/language-context.tsx';
import './styles/base.css';

export function mountPage(page: ReactNode): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('the page has no #root element');
  createRoot(container).render(
    <StrictMode>
      <LanguageProvider initial={initialLanguage()}>{page}</LanguageProvider>
    </StrictMode>,
  );
}
