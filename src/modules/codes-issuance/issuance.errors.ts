/** Errors of code issuance, with stable codes (CONVENTIONS.md §6). */
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/errors.js';

/** 403: only an enterprise or a platform issues codes, and only for its own products. */
export const notIssuer = (): AppError =>
  forbidden(
    'CODES_NOT_ISSUER',
    'Only an enterprise or a platform organisation issues codes for its products.',
  );

/** 400: an issuance request is malformed; `path` names the field. */
export const badIssue = (message: string, path: string, value?: unknown): AppError =>
  badRequest('CODES_BAD_ISSUE', message, { path, ...(value === undefined ? {} : { extra: { value } }) });

/** 409: the series has no serials left for this many codes. */
export const seriesExhausted = (series: string, level: string, wanted: number, left: number): AppError =>
  conflict(
    'CODES_SERIES_EXHAUSTED',
    `Series ${series} (${level}) has ${Math.max(0, left)} serials left; ${wanted} were asked for.`,
  );

/** 409: a GS1 batch-level code (GTIN + lot) was issued before. */
export const lotIssued = (gtin: string, lot: string): AppError =>
  conflict('CODES_LOT_ALREADY_ISSUED', `GTIN ${gtin} lot ${JSON.stringify(lot)} was already issued.`, {
    path: '/batch',
  });

/** 404: no issuance with this id is visible to the caller. */
export const issuanceNotFound = (id: number): AppError =>
  notFound('CODES_ISSUANCE_NOT_FOUND', `No code issuance with id ${id} is visible to you.`);

/** 400: an export or a window of a range cannot be made. */
export const badExport = (message: string): AppError =>
  badRequest('CODES_BAD_EXPORT', `Cannot export codes: ${message}.`);

/** 500: every organisation serial is taken (36^5 − 1 of them). */
export const orgSerialsExhausted = (): AppError =>
  new AppError('CODES_ORG_SERIALS_EXHAUSTED', 'Every platform-code organisation serial is allocated.', {
    status: 500,
  });
