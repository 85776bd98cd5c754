/** The public app: home and scanner (story pages are rendered by the server at /q/<code>). */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Shell } from './components/Shell.js';
import { usePath } from './lib/navigation.js';
import { HomePage } from './pages/HomePage.js';

// The scanner (and its WebAssembly decoder) loads only when asked: the first load stays light.
const ScanPage = lazy(() => import('./pages/ScanPage.js').then((m) => ({ default: m.ScanPage })));

/** Routes by path. */
export function App() {
  const path = usePath();
  const { t } = useTranslation();
  let page = <HomePage />;
  if (path === '/scan') {
    page = (
      <Suspense fallback={<p role="status">{t('scan.starting')}</p>}>
        <ScanPage />
      </Suspense>
    );
  } else if (path !== '/') {
    page = (
      <section className="zs-card">
        <h1>{t('errors.notFound')}</h1>
      </section>
    );
  }
  return <Shell>{page}</Shell>;
}
