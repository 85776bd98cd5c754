/** /api/enterprise/codes …: issue codes, read the issuance log, export ranges, print labels, render barcodes. */

import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { badRequest } from '../../../lib/errors.js';
import {
  createLabelSheetStream,
  MAX_LABELS_PER_SHEET,
  renderBarcode,
  type Symbology,
} from '../../../modules/codes/render/index.js';
import {
  CODE_LEVELS,
  createExportStream,
  EXPORT_FORMATS,
  type ExportFormat,
  getIssuance,
  type Issuance,
  issueCodes,
  issuerOf,
  labelsForCodes,
  labelsForIssuance,
  listIssuances,
  MAX_ISSUE_COUNT,
  rangeCodes,
  symbolDataOf,
} from '../../../modules/codes-issuance/index.js';
import { auditRequest, callerOf, requireRole } from '../../plugins/auth.js';
import { authErrors, ProblemSchema } from '../schemas.js';

const LevelSchema = Type.Union(
  CODE_LEVELS.map((l) => Type.Literal(l)),
  { description: 'unit 单品 (default), batch 批次, logistic-unit 物流单元 (case, pallet).' },
);
const SymbologySchema = Type.Union(
  ['qr', 'gs1-datamatrix', 'gs1-128', 'ean13', 'datamatrix'].map((s) => Type.Literal(s)),
  { description: 'qr carries a URL; gs1-datamatrix and gs1-128 the GS1 element string; ean13 a GTIN-13.' },
);

const IssuerSchema = Type.Object({
  userId: Type.Union([Type.Integer(), Type.Null()]),
  keyId: Type.Union([Type.Integer(), Type.Null()]),
  via: Type.String(),
});

const IssuanceSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  productId: Type.Integer(),
  productName: Type.String(),
  scheme: Type.String({ description: 'platform-code, gs1-sgtin, gs1-lgtin or gs1-sscc.' }),
  level: Type.String(),
  series: Type.String(),
  prefix: Type.String(),
  gcpLength: Type.Union([Type.Integer(), Type.Null()]),
  batchLot: Type.Union([Type.String(), Type.Null()]),
  firstSerial: Type.Integer(),
  count: Type.Integer(),
  issuedAt: Type.String(),
  issuedBy: IssuerSchema,
  firstCode: Type.String(),
  lastCode: Type.String(),
});

const IssuedCodeSchema = Type.Object({
  code: Type.String(),
  url: Type.String(),
  elementString: Type.Optional(Type.String()),
  epcUrn: Type.Optional(Type.String()),
});

const IssueBody = Type.Object(
  {
    productId: Type.Integer({ minimum: 1, description: 'One of your products.' }),
    batch: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'Batch/lot; for a GTIN product at batch level, the lot.',
      }),
    ),
    level: Type.Optional(LevelSchema),
    count: Type.Integer({ minimum: 1, maximum: MAX_ISSUE_COUNT }),
    format: Type.Optional(
      Type.Union(
        ['json', 'csv', 'txt', 'xlsx'].map((f) => Type.Literal(f)),
        {
          description: 'json (default) answers the range and the first codes; the others stream a file.',
        },
      ),
    ),
    content: Type.Optional(
      Type.Union([Type.Literal('code'), Type.Literal('url')], {
        description: 'txt: one code (default) or URL per line.',
      }),
    ),
    preview: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1000, description: 'json: how many codes to list (default 20).' }),
    ),
  },
  { additionalProperties: false },
);

const FileSchema = Type.String({ description: 'The file, streamed.' });
const fileContent = {
  'text/csv': { schema: FileSchema },
  'text/plain': { schema: FileSchema },
  [EXPORT_FORMATS.xlsx.contentType]: { schema: Type.String({ format: 'binary' }) },
};

function sendExport(
  reply: FastifyReply,
  issuance: Issuance,
  format: ExportFormat,
  baseUrl: string,
  content: 'code' | 'url' | undefined,
) {
  const stream = createExportStream(issuance, format, { baseUrl, ...(content ? { content } : {}) });
  const { contentType, extension } = EXPORT_FORMATS[format];
  reply.header('x-issuance-id', String(issuance.id));
  return sendStream(reply, contentType, `attachment; filename="codes-${issuance.id}.${extension}"`, stream);
}

/** Sends a file body (a stream or bytes); the response schemas of file routes describe content, not JSON. */
function sendStream(
  reply: FastifyReply,
  type: string,
  disposition: string,
  body: Readable | Buffer | string,
) {
  return reply.type(type).header('content-disposition', disposition).send(body);
}

/** The codes routes of the enterprise audience (registered inside enterpriseRoutes, behind its auth hook). */
export const codesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;

  app.post(
    '/codes',
    {
      schema: {
        tags: ['enterprise'],
        summary:
          'Issue codes for one of your products (platform trace codes, or GS1 serials when it has a GTIN)',
        body: IssueBody,
        response: {
          201: {
            description:
              'The range issued: JSON with the first codes, or the whole range as a CSV/TXT/XLSX file.',
            content: {
              'application/json': {
                schema: Type.Object({ issuance: IssuanceSchema, codes: Type.Array(IssuedCodeSchema) }),
              },
              ...fileContent,
            },
          },
          ...authErrors,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const caller = requireRole(request, ['manager', 'member']);
      const { body } = request;
      const issuance = await issueCodes(
        database.db,
        database.dialect,
        caller.scope,
        {
          productId: body.productId,
          count: body.count,
          ...(body.level ? { level: body.level } : {}),
          ...(body.batch ? { batch: body.batch } : {}),
        },
        { issuer: issuerOf(caller.principal), gcpLength: config.gcpLength },
      );
      await auditRequest(request, {
        action: 'codes.issue',
        targetType: 'code_issuance',
        targetId: issuance.id,
        targetOrgId: issuance.orgId,
        detail: {
          productId: issuance.productId,
          scheme: issuance.scheme,
          count: issuance.count,
          firstSerial: issuance.firstSerial,
        },
      });
      reply.status(201).header('location', `/api/enterprise/codes?id=${issuance.id}`);
      const format = body.format ?? 'json';
      if (format !== 'json') return sendExport(reply, issuance, format, config.baseUrl, body.content);
      return { issuance, codes: rangeCodes(issuance, config.baseUrl, 0, body.preview ?? 20) };
    },
  );

  app.get(
    '/codes',
    {
      schema: {
        tags: ['enterprise'],
        summary: "Your organisation's code issuance log, newest first",
        querystring: Type.Object(
          {
            id: Type.Optional(Type.Integer({ minimum: 1, description: 'One issuance only.' })),
            productId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(IssuanceSchema), total: Type.Integer() }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { scope } = callerOf(request);
      const { id, ...q } = request.query;
      if (id !== undefined) return { items: [await getIssuance(database.db, scope, id)], total: 1 };
      return listIssuances(database.db, scope, q);
    },
  );

  app.get(
    '/codes/export',
    {
      schema: {
        tags: ['enterprise'],
        summary: 'Download an issued range again as CSV, TXT or XLSX (for label printers)',
        querystring: Type.Object(
          {
            issuance: Type.Integer({ minimum: 1 }),
            format: Type.Union([Type.Literal('csv'), Type.Literal('txt'), Type.Literal('xlsx')]),
            content: Type.Optional(Type.Union([Type.Literal('code'), Type.Literal('url')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: { description: 'The file, streamed.', content: fileContent }, ...authErrors },
      },
    },
    async (request, reply) => {
      const issuance = await getIssuance(database.db, callerOf(request).scope, request.query.issuance);
      return sendExport(reply, issuance, request.query.format, config.baseUrl, request.query.content);
    },
  );

  app.get(
    '/labels.pdf',
    {
      schema: {
        tags: ['enterprise'],
        summary:
          'A PDF of labels (QR or GS1 symbol, product name, batch, date) for an issuance or a list of codes',
        querystring: Type.Object(
          {
            issuance: Type.Optional(Type.Integer({ minimum: 1 })),
            codes: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 60_000,
                description: 'Comma-separated codes instead of an issuance.',
              }),
            ),
            layout: Type.Optional(
              Type.String({
                maxLength: 32,
                description: 'a4-<cols>x<rows> or roll-<w>x<h> (mm); a4-3x8 by default.',
              }),
            ),
            symbology: Type.Optional(SymbologySchema),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LABELS_PER_SHEET })),
            productName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            batch: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            date: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            outline: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The PDF, streamed.',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      const { scope } = callerOf(request);
      const q = request.query;
      const symbology = (q.symbology ?? 'qr') as Symbology;
      const overrides = { productName: q.productName, batch: q.batch, date: q.date };
      if ((q.issuance === undefined) === (q.codes === undefined)) {
        throw badRequest('CODES_LABELS_SOURCE', 'Give either issuance or codes (not both).', {
          path: q.issuance === undefined ? '/issuance' : '/codes',
        });
      }
      const labels =
        q.issuance !== undefined
          ? labelsForIssuance(
              await getIssuance(database.db, scope, q.issuance),
              config.baseUrl,
              symbology,
              { offset: q.offset, limit: q.limit },
              overrides,
            )
          : await labelsForCodes(
              database.db,
              scope,
              (q.codes as string)
                .split(',')
                .map((c) => c.trim())
                .filter((c) => c.length > 0),
              config.baseUrl,
              symbology,
              overrides,
            );
      // Input errors surface here, before the first byte is sent; drawing then streams page by page.
      const stream = createLabelSheetStream({
        layout: q.layout ?? 'a4-3x8',
        labels,
        symbology,
        ...(q.outline ? { outline: true } : {}),
        title: `追溯 labels ${q.issuance ?? ''}`.trim(),
      });
      return sendStream(
        reply,
        'application/pdf',
        `inline; filename="labels${q.issuance ? `-${q.issuance}` : ''}.pdf"`,
        stream,
      );
    },
  );

  const barcodeQuery = Type.Object(
    {
      symbology: Type.Optional(SymbologySchema),
      scale: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    },
    { additionalProperties: false },
  );
  const barcodeParams = Type.Object(
    {
      code: Type.String({
        minLength: 1,
        maxLength: 4096,
        description: 'The code, percent-encoded (a Digital Link too).',
      }),
    },
    { additionalProperties: false },
  );
  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/codes/:code/barcode.${format}`,
      {
        schema: {
          tags: ['enterprise'],
          summary: `A ${format.toUpperCase()} barcode of a code (QR by default)`,
          params: barcodeParams,
          querystring: barcodeQuery,
          response: {
            200: {
              description: 'The image.',
              content: {
                [format === 'svg' ? 'image/svg+xml' : 'image/png']: {
                  schema: Type.String({ format: 'binary' }),
                },
              },
            },
            ...authErrors,
          },
        },
      },
      async (request, reply) => {
        const symbology = (request.query.symbology ?? 'qr') as Symbology;
        const symbol = symbolDataOf(request.params.code, symbology, config.baseUrl, '/code');
        const rendered = await renderBarcode({
          symbology,
          text: symbol.text,
          format,
          ...(request.query.scale ? { scale: request.query.scale } : {}),
        });
        reply.header('cache-control', 'private, max-age=3600');
        return sendStream(reply, rendered.contentType, `inline; filename="barcode.${format}"`, rendered.body);
      },
    );
  }
};
