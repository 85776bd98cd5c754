/**
 * Server-rendered complaint pages, reachable from a story page and usable without JavaScript: `GET /q/<code>/complaint`
 * shows a form that posts form-encoded to the same address, which files the complaint through the same service as
 * `POST /api/public/complaints` and answers 303 to `/complaints/<receipt>`, the page that shows its progress (never
 * the contact given).
 */
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../lib/errors.js';
import { complaintByReceipt, fileComplaint, type PublicComplaint } from '../../../modules/recall/index.js';
import { escapeHtml, type Language, renderPublicPage, translate } from '../../../modules/story/index.js';
import { requestLanguage } from './story.routes.js';

const RECEIPT = /^TS\d{8}[0-9A-F]{12}$/;

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply
    .asDocument()
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

function formPage(
  lang: Language,
  path: string,
  code: string,
  values: { text?: string; contact?: string },
  problem?: string,
): string {
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(lang, k, v));
  const alert = problem
    ? `<section class="zs-banner zs-banner-warn" role="alert" id="complaint-error"><p>${t('complaint.failed', { reason: problem })}</p></section>`
    : '';
  return renderPublicPage(
    { lang, path },
    translate(lang, 'complaint.title'),
    `${alert}<section class="zs-card" id="complaint"><h1>${t('complaint.title')}</h1>
<p class="zs-code">${escapeHtml(code)}</p>
<form class="zs-form" method="post" action="${escapeHtml(path)}?lang=${lang}">
<label for="text">${t('complaint.textLabel')}</label>
<textarea class="zs-input" id="text" name="text" required maxlength="4000" rows="5">${escapeHtml(values.text ?? '')}</textarea>
<label for="contact">${t('complaint.contactLabel')}</label>
<input class="zs-input" id="contact" name="contact" maxlength="200" autocomplete="tel" value="${escapeHtml(values.contact ?? '')}">
<div class="zs-row"><button class="zs-btn" type="submit">${t('complaint.submit')}</button><a class="zs-btn zs-btn-secondary" href="/q/${escapeHtml(encodeURIComponent(code))}?lang=${lang}">${t('scan.back')}</a></div>
</form></section>`,
  );
}

function receiptPage(lang: Language, path: string, complaint: PublicComplaint): string {
  const t = (k: string, v?: Record<string, string | number>) => escapeHtml(translate(lang, k, v));
  const steps = complaint.history
    .map(
      (h) =>
        `<li data-status="${escapeHtml(h.status)}"><div class="zs-step">${t(`complaint.statuses.${h.status}`)}</div><div class="zs-meta">${escapeHtml(h.at)}${h.note ? ` · ${escapeHtml(h.note)}` : ''}</div></li>`,
    )
    .join('');
  return renderPublicPage(
    { lang, path },
    translate(lang, 'complaint.receiptTitle'),
    `<section class="zs-card" id="receipt" data-status="${escapeHtml(complaint.status)}"><h1>${t('complaint.receiptTitle')}</h1>
<p class="zs-code" id="receipt-number">${t('complaint.receiptNumber', { receipt: complaint.receipt })}</p>
<p>${t('complaint.receiptKeep')}</p>
<h2>${t('complaint.history')}</h2><ol class="zs-timeline" id="complaint-history">${steps}</ol></section>`,
  );
}

function field(body: unknown, name: string): string | undefined {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
}

/** The complaint form and receipt pages (registered at the root prefix by app.ts). */
export const complaintPageRoutes: FastifyPluginAsync = async (app) => {
  const { database } = app;
  // Form bodies are parsed only inside this plugin; the JSON API keeps rejecting them.
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  app.get('/q/:code/complaint', async (request, reply) => {
    const { code } = request.params as { code: string };
    const lang = requestLanguage(request, reply);
    return sendHtml(reply, 200, formPage(lang, pathOf(request), code, {}));
  });

  app.post('/q/:code/complaint', async (request, reply) => {
    const { code } = request.params as { code: string };
    const lang = requestLanguage(request, reply);
    const text = field(request.body, 'text') ?? '';
    const contact = field(request.body, 'contact');
    try {
      const complaint = await fileComplaint(
        database,
        { code, text, ...(contact?.trim() ? { contact } : {}) },
        request.ip,
      );
      return reply.redirect(`/complaints/${complaint.receipt}?lang=${lang}`, 303);
    } catch (error) {
      // A refused complaint (bad text, too many this hour, unknown code …) shows the form again, input kept.
      if (error instanceof AppError && error.status < 500) {
        return sendHtml(
          reply,
          error.status,
          formPage(lang, pathOf(request), code, { text, contact }, error.message),
        );
      }
      throw error;
    }
  });

  app.get('/complaints/:receipt', async (request, reply) => {
    const { receipt } = request.params as { receipt: string };
    if (!RECEIPT.test(receipt)) {
      throw new AppError('COMPLAINT_BAD_RECEIPT', `${JSON.stringify(receipt)} is not a receipt number.`, {
        status: 400,
      });
    }
    const lang = requestLanguage(request, reply);
    const complaint = await complaintByReceipt(database.db, receipt);
    return sendHtml(reply, 200, receiptPage(lang, pathOf(request), complaint));
  });
};
