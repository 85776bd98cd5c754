/** Home: type any code, or open the scanner. The form also works without JavaScript (GET /q?code=…). */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Failure } from '../components/Failure.js';
import { type LookupFailure, openStory } from '../lib/lookup.js';
import { navigate } from '../lib/navigation.js';
import { setSharesPlace, sharesPlace } from '../lib/place.js';

/** Longest input the codes module reads (src/modules/codes MAX_CODE_LENGTH). */
const MAX_CODE_LENGTH = 4096;

/** The home page. */
export function HomePage() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<LookupFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [share, setShare] = useState(sharesPlace());

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const value = code.trim();
    setFailure(null);
    if (value === '') return setProblem(t('home.empty'));
    if (value.length > MAX_CODE_LENGTH) return setProblem(t('home.tooLong', { max: MAX_CODE_LENGTH }));
    setProblem(null);
    setBusy(true);
    const failed = await openStory(value);
    setBusy(false);
    if (failed) setFailure(failed);
  }

  return (
    <section className="zs-card">
      <h1>{t('home.heading')}</h1>
      <p className="zs-muted">{t('app.tagline')}</p>
      <form className="zs-form" method="get" action="/q" onSubmit={submit} noValidate>
        <label htmlFor="code">{t('home.searchLabel')}</label>
        <input
          className="zs-input"
          id="code"
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={t('home.searchPlaceholder')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="search"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'code-problem' : undefined}
        />
        {problem && (
          <p id="code-problem" className="zs-banner zs-banner-caution" role="alert">
            {problem}
          </p>
        )}
        <div className="zs-row">
          <button className="zs-btn" type="submit" disabled={busy}>
            {t('home.searchButton')}
          </button>
          <a
            className="zs-btn zs-btn-secondary"
            href="/scan"
            onClick={(e) => {
              e.preventDefault();
              navigate('/scan');
            }}
          >
            {t('home.scanButton')}
          </a>
        </div>
        <label className="zs-check">
          <input
            type="checkbox"
            checked={share}
            onChange={(e) => {
              setShare(e.target.checked);
              setSharesPlace(e.target.checked);
            }}
          />
          <span>{t('home.shareLocation')}</span>
        </label>
      </form>
      {failure && <Failure failure={failure} onRetry={() => void submit()} />}
      <p className="zs-muted">{t('home.hint')}</p>
    </section>
  );
}
