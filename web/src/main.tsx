/** Entry of the web app: styles, i18n, then the first render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PUBLIC_CSS } from '../../src/modules/story/render/public-style.js';
import { App } from './App.js';
import { initI18n } from './i18n.js';

// One stylesheet for the server-rendered pages and the app (src/modules/story/render/public-style.ts).
const style = document.createElement('style');
style.textContent = PUBLIC_CSS;
document.head.append(style);

void initI18n().then((i18n) => {
  document.title = i18n.t('app.title');
  i18n.on('languageChanged', () => {
    document.title = i18n.t('app.title');
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
