/** The frame of every public page: the top bar with the language switch, and the footer. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, switchLanguage } from '../i18n.js';
import { navigate } from '../lib/navigation.js';

/** Page frame. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <a className="zs-skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="zs-top">
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          {t('app.name')}
        </a>
        <nav className="zs-lang" aria-label={t('lang.label')}>
          {LANGUAGES.map((l: Language) => (
            <a
              key={l}
              href={`?lang=${l}`}
              lang={l}
              hrefLang={l}
              aria-current={i18n.language === l ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                void switchLanguage(l);
              }}
            >
              {t(l === 'en' ? 'lang.en' : 'lang.zh')}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" className="zs-main">
        {children}
        <p className="zs-foot">{t('app.title')}</p>
      </main>
    </>
  );
}
