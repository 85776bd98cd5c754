/**
 * Server-rendered public pages: a code's story, and the pages that fail well (invalid, unknown, restricted, too
 * many lookups). The content is in the HTML the server sends — readable on a slow phone before and without
 * JavaScript. Every value is escaped; every text comes from the catalogues.
 */
import { type Language, translate } from '../locales/index.js';
import type { PublicPlace, PublicStory } from '../story.types.js';
import { PUBLIC_CSS } from './public-style.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a page needs to know of its request. */
export interface PageContext {
  lang: Language;
  /** Path of the page (without query), for the language links. */
  path: string;
  /** URL of the web build's integrity-check script, when the web app is built (the page works without it). */
  integrityScript?: string | null;
}

function layout(ctx: PageContext, title: string, body: string): string {
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(ctx.lang, k, v));
  const langLink = (l: Language, key: string) =>
    `<a href="${escapeHtml(ctx.path)}?lang=${l}" hreflang="${l}" lang="${l}"${l === ctx.lang ? ' aria-current="true"' : ''}>${t(key)}</a>`;
  return `<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(title)}</title>
<style>${PUBLIC_CSS}</style>
</head>
<body>
<a class="zs-skip" href="#main">${t('app.skip')}</a>
<header class="zs-top"><a href="/?lang=${ctx.lang}">${t('app.name')}</a>
<nav class="zs-lang" aria-label="${t('lang.label')}">${langLink('zh-CN', 'lang.zh')}${langLink('en', 'lang.en')}</nav></header>
<main id="main" class="zs-main">
${body}
<p class="zs-row"><a class="zs-btn zs-btn-secondary" href="/?lang=${ctx.lang}">${t('story.lookAgain')}</a></p>
<p class="zs-foot">${t('app.title')}</p>
</main>
</body>
</html>`;
}

function placeName(place: PublicPlace | null, lang: Language): string {
  return place ? place.name[lang] : '';
}

function dateOf(iso: string, lang: Language): string {
  const d = new Date(iso);
  // Shown in China Standard Time (UTC+8), the time of the shoppers the platform serves.
  const local = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  const day = local.slice(0, 10);
  return lang === 'zh-CN' ? `${day} ${local.slice(11, 16)}` : `${day} ${local.slice(11, 16)} (UTC+8)`;
}

function statusBanner(story: PublicStory, ctx: PageContext): string {
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(ctx.lang, k, v));
  const s = story.status;
  const lines: { cls: string; text: string }[] = [];
  if (s.recalled) lines.push({ cls: 'warn', text: t('status.recalled') });
  if (s.expired) lines.push({ cls: 'warn', text: t('status.expired', { date: s.expired }) });
  if (s.warnings.includes('failed-sampling')) lines.push({ cls: 'warn', text: t('status.failedSampling') });
  if (s.warnings.includes('copied-code')) lines.push({ cls: 'caution', text: t('status.copied') });
  if (story.category === 'DRUG' && lines.length === 0) lines.push({ cls: 'ok', text: t('status.genuine') });
  if (s.lookups?.first) {
    const place = placeName(s.lookups.first.place, ctx.lang);
    lines.push({
      cls: 'ok',
      text: t('status.lookups', {
        count: s.lookups.count,
        date: dateOf(s.lookups.first.time, ctx.lang),
        place: place ? translate(ctx.lang, 'status.lookupsPlace', { place }) : '',
      }),
    });
  }
  if (lines.length === 0) lines.push({ cls: 'ok', text: t('status.ok') });
  const worst = lines.some((l) => l.cls === 'warn')
    ? 'warn'
    : lines.some((l) => l.cls === 'caution')
      ? 'caution'
      : 'ok';
  return `<section id="status" class="zs-banner zs-banner-${worst}" role="status" data-status="${worst}">${lines
    .map((l) => `<p data-line="${l.cls}">${l.text}</p>`)
    .join('')}</section>`;
}

/**
 * The browser's own check: the signed head and proofs as inert JSON, the script that verifies them with WebCrypto,
 * its outcome texts, and what the check proves. Without JavaScript only the explanation shows.
 */
function browserCheck(story: PublicStory, ctx: PageContext): string {
  const i = story.integrity;
  if (!i?.treeHead || i.proofs.length === 0) return '';
  const t = (k: string) => escapeHtml(translate(ctx.lang, k));
  // `<` escaped so that no value can close the script element (HTML §4.12.1.3).
  const json = JSON.stringify({ treeHead: i.treeHead, nodes: i.nodes, proofs: i.proofs }).replace(
    /</g,
    '\\u003c',
  );
  const script = ctx.integrityScript
    ? `<p id="integrity-browser" class="zs-integrity-ok" hidden data-browser="pending" data-verified="${t('integrity.browserVerified')}" data-failed="${t('integrity.browserFailed')}" data-unsupported="${t('integrity.browserUnsupported')}">${t('integrity.checking')}</p>
<script type="application/json" id="zs-integrity-data">${json}</script>
<script type="module" src="${escapeHtml(ctx.integrityScript)}"></script>`
    : '';
  return `${script}<details class="zs-muted"><summary>${t('integrity.explainTitle')}</summary><p>${t('integrity.explain')}</p></details>`;
}

/** The integrity line under the timeline: a check mark when verified, a red alert when a record fails. */
function integrityLine(story: PublicStory, ctx: PageContext): string {
  const i = story.integrity;
  if (!i || i.checked === 0) return '';
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(ctx.lang, k, v));
  if (i.status === 'verified')
    return `<p id="integrity" class="zs-integrity-ok" data-integrity="verified">${t('integrity.verified', { count: i.treeSize ?? 0 })}</p>${browserCheck(story, ctx)}`;
  if (i.status === 'failed')
    return `<p id="integrity" class="zs-banner zs-banner-warn" role="alert" data-integrity="failed">${t('integrity.failed', { failed: Math.max(1, i.failures.length) })}</p>`;
  return `<p id="integrity" class="zs-muted" data-integrity="unavailable">${t('integrity.unavailable')}</p>`;
}

function fact(label: string, value: string | null | undefined, cls = ''): string {
  if (value === null || value === undefined || value === '') return '';
  return `<dt>${label}</dt><dd${cls ? ` class="${cls}"` : ''}>${escapeHtml(value)}</dd>`;
}

function foundBody(story: PublicStory, ctx: PageContext): string {
  const { lang } = ctx;
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(lang, k, v));
  const p = story.product;
  const name = p
    ? lang === 'en' && p.nameEn
      ? p.nameEn
      : p.name
    : (story.code.canonical ?? story.code.input);
  const parts: string[] = [statusBanner(story, ctx)];
  parts.push(`<section class="zs-card" id="product"><h1>${escapeHtml(name)}</h1><dl class="zs-facts">
${fact(t('story.category'), translate(lang, `categories.${story.category ?? 'unknown'}`))}
${fact(t('story.batch'), p?.batch)}
${fact(t('story.expiry'), p?.expiry)}
${fact(t('story.code'), story.code.input, 'zs-code')}
${fact(t('story.scheme'), translate(lang, `schemes.${story.code.scheme}`))}
</dl></section>`);
  const o = story.producer;
  if (o) {
    const certs = o.certifications
      .map((c) => `${translate(lang, `certifications.${c.kind}`)} ${c.number}`)
      .join('; ');
    parts.push(`<section class="zs-card" id="producer"><h2>${t('story.producer')}</h2><dl class="zs-facts">
${fact(t('story.producer'), lang === 'en' && o.nameEn ? o.nameEn : o.name)}
${fact(t('story.county'), placeName(o.division, lang))}
${fact(t('story.uscc'), o.uscc, 'zs-code')}
${fact(t('story.licence'), o.licences.map((l) => l.number).join('; '), 'zs-code')}
${fact(t('story.certifications'), certs)}
${fact(t('story.credit'), o.credit ?? translate(lang, 'story.creditNone'))}
</dl></section>`);
  }
  const omitted = story.timelineOmitted;
  const steps = story.timeline
    .map((e, i) => {
      const meta = [dateOf(e.time, lang), placeName(e.place, lang), e.organisation ?? ''].filter(
        (x) => x !== '',
      );
      const gap =
        omitted && i === omitted.after
          ? `<li class="zs-omitted" id="timeline-omitted">${escapeHtml(translate(lang, 'story.timelineOmitted', { count: omitted.count }))}</li>`
          : '';
      return `${gap}<li data-stage="${escapeHtml(e.stage)}"><div class="zs-step">${escapeHtml(e.label[lang])}</div><div class="zs-meta">${meta
        .map(escapeHtml)
        .join(' · ')}</div></li>`;
    })
    .join('');
  parts.push(
    `<section class="zs-card" id="timeline"><h2>${t('story.timeline')}</h2>${
      steps ? `<ol class="zs-timeline">${steps}</ol>` : `<p class="zs-muted">${t('story.timelineEmpty')}</p>`
    }${integrityLine(story, ctx)}</section>`,
  );
  const docs = story.documents
    .map(
      (d) =>
        `<li>${t(`documents.${d.kind}`)}: <span class="zs-code">${escapeHtml(d.number)}</span>${d.date ? ` <span class="zs-muted">(${escapeHtml(d.date)})</span>` : ''}</li>`,
    )
    .join('');
  parts.push(
    `<section class="zs-card" id="documents"><h2>${t('story.documents')}</h2>${
      docs ? `<ul class="zs-docs">${docs}</ul>` : `<p class="zs-muted">${t('story.documentsEmpty')}</p>`
    }<p class="zs-muted">${t('story.projectionNote')} <a href="/api/public/codes/${escapeHtml(encodeURIComponent(story.code.canonical ?? story.code.input))}">${t('story.json')}</a></p></section>`,
  );
  parts.push(
    `<p class="zs-row"><a id="complain" class="zs-btn zs-btn-secondary" href="/q/${escapeHtml(encodeURIComponent(story.code.input))}/complaint?lang=${lang}">${t('complaint.link')}</a></p>`,
  );
  return parts.join('\n');
}

function understoodBody(story: PublicStory, ctx: PageContext): string {
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(ctx.lang, k, v));
  const fields = Object.entries(story.understood.fields)
    .map(([k, v]) => fact(escapeHtml(k), v, 'zs-code'))
    .join('');
  if (story.kind === 'invalid') {
    const problems = story.understood.errors
      .map(
        (e) =>
          `<li>${escapeHtml(e.message)}${e.position !== undefined ? ` <span class="zs-muted">(${t('invalid.position', { n: e.position + 1 })})</span>` : ''}</li>`,
      )
      .join('');
    return `<section class="zs-card" id="problem" data-kind="invalid"><h1>${t('invalid.title')}</h1>
<p class="zs-code">${escapeHtml(story.code.input.length > 200 ? `${story.code.input.slice(0, 200)}…` : story.code.input)}</p>
<h2>${t('invalid.problems')}</h2><ul>${problems}</ul><p>${t('invalid.whatToDo')}</p></section>`;
  }
  return `<section class="zs-card" id="problem" data-kind="unknown"><h1>${t('unknown.title')}</h1>
<h2>${t('unknown.understood')}</h2><dl class="zs-facts">${fact(t('unknown.scheme'), translate(ctx.lang, `schemes.${story.code.scheme}`))}${fact(t('story.code'), story.code.canonical, 'zs-code')}${fields}</dl>
<p>${t('unknown.whatToDo')}</p></section>`;
}

/** The page of a code: its story, or what was understood of it and what to do. */
export function renderStoryPage(story: PublicStory, ctx: PageContext): string {
  const { lang } = ctx;
  if (story.kind === 'found') {
    const p = story.product;
    const name = p
      ? lang === 'en' && p.nameEn
        ? p.nameEn
        : p.name
      : (story.code.canonical ?? story.code.input);
    return layout(ctx, translate(lang, 'story.pageTitle', { name }), foundBody(story, ctx));
  }
  if (story.kind === 'restricted') {
    const t = (k: string) => escapeHtml(translate(lang, k));
    return layout(
      ctx,
      translate(lang, 'restricted.title'),
      `<section class="zs-banner zs-banner-caution" id="status" role="status" data-status="restricted"><p>${t('restricted.title')}</p></section>
<section class="zs-card" id="restricted"><h1>${t('restricted.title')}</h1><p>${t('restricted.body')}</p><p class="zs-code">${escapeHtml(story.code.canonical)}</p></section>`,
    );
  }
  const titleKey = story.kind === 'invalid' ? 'invalid.title' : 'unknown.title';
  return layout(ctx, translate(lang, titleKey), understoodBody(story, ctx));
}

/** A public page in the shared frame (header, language links, footer); `body` must already be escaped HTML. */
export function renderPublicPage(ctx: PageContext, title: string, body: string): string {
  return layout(ctx, title, body);
}

/** The friendly page of a client over the public rate limit. */
export function renderRateLimitedPage(ctx: PageContext, seconds: number): string {
  return layout(
    ctx,
    translate(ctx.lang, 'errors.rateLimited', { seconds }),
    `<section class="zs-banner zs-banner-caution" role="alert" data-status="rate-limited"><p>${escapeHtml(translate(ctx.lang, 'errors.rateLimited', { seconds }))}</p></section>`,
  );
}

/**
 * The home page without the web app (before `vite build`, or a browser without JavaScript): the search form posts
 * nothing, it GETs `/q?code=…`, which redirects to the code's page.
 */
export function renderHomePage(ctx: PageContext): string {
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(ctx.lang, k, v));
  return layout(
    ctx,
    translate(ctx.lang, 'app.title'),
    `<section class="zs-card"><h1>${t('home.heading')}</h1><p class="zs-muted">${t('app.tagline')}</p>
<form class="zs-form" method="get" action="/q" role="search">
<label for="code">${t('home.searchLabel')}</label>
<input class="zs-input" id="code" name="code" required maxlength="4096" autocomplete="off" placeholder="${t('home.searchPlaceholder')}">
<div class="zs-row"><button class="zs-btn" type="submit">${t('home.searchButton')}</button><a class="zs-btn zs-btn-secondary" href="/scan">${t('home.scanButton')}</a></div>
</form><p class="zs-muted">${t('home.hint')}</p></section>`,
  );
}
