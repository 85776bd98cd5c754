/**
 * /api/enterprise master data: products, locations, licences, batches, equipment, documents, certifications,
 * certificates of compliance (with their PDF) and the profile gaps recorded under `warn` strictness. Every list
 * pages (`limit`, `offset`) and searches (`q`); every read is scoped to the caller.
 */
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  addCertification,
  adjustBatchQuantity,
  createBatch,
  createEquipment,
  createLicence,
  createLocation,
  createProduct,
  DOCUMENT_KINDS,
  getBatch,
  getComplianceCertificate,
  getEquipment,
  getLicence,
  getLocation,
  getProduct,
  issueComplianceCertificate,
  LICENCE_TYPES,
  LOCATION_KINDS,
  listBatches,
  listCertifications,
  listComplianceCertificates,
  listDocuments,
  listEquipment,
  listLicences,
  listLocations,
  listProducts,
  MAX_DOCUMENT_BYTES,
  readDocument,
  renderCertificatePdf,
  storeDocument,
} from '../../../modules/masterdata/index.js';
import { clearStories } from '../../../modules/story/index.js';
import { callerOf, requireRole } from '../../plugins/auth.js';
import { authErrors, CategorySchema, IdParamsSchema, ProblemSchema } from '../schemas.js';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
/** A record as the module returns it; the module's TypeScript type documents every field. */
const Record_ = (description: string) =>
  Type.Object({ id: Type.Integer() }, { additionalProperties: true, description });
const ListOf = (description: string) =>
  Type.Object({ items: Type.Array(Record_(description)), total: Type.Integer() });
const Paging = {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Free-text search.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};
const writers = ['manager', 'member'] as const;
const created = (description: string) => ({ 201: Record_(description), ...authErrors, 409: ProblemSchema });

const NewProductBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Product name in Chinese, as printed on labels.',
    }),
    nameEn: Type.Optional(Type.String({ maxLength: 200 })),
    category: CategorySchema,
    item: Type.Optional(
      Type.String({ maxLength: 40, description: 'Annex item code within the category (catalogue).' }),
    ),
    gtin: Type.Optional(Type.String({ maxLength: 20, description: 'GTIN-8/12/13/14, stored as GTIN-14.' })),
    registrationNo: Type.Optional(
      Type.String({
        maxLength: 64,
        description: '农药登记证号, 兽药批准文号, 国药准字, 配方注册号 … checked by the codes module.',
      }),
    ),
    attributes: Type.Optional(
      Type.Object(
        {
          safetyIntervalDays: Type.Optional(Type.Integer()),
          withdrawalDays: Type.Optional(Type.Integer()),
          activeIngredients: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
        },
        { additionalProperties: false, description: 'Label data the profile checks use.' },
      ),
    ),
    codePrefixes: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 20,
        description:
          'Canonical prefixes of class-level codes naming the product (e.g. urn:zhuisu:drug-trace-code:<药品标识码>).',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The master-data routes of the enterprise audience (registered inside its plugin, behind its auth hook). */
export const masterdataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;
  const db = database.db;
  const filesDir = join(config.dataDir, 'files');
  const tags = ['enterprise'];

  // Public stories show products, producers, licences, certifications and documents: a successful change of any of
  // them drops this node's cached stories at once (other nodes notice within their cache check, docs/deployment.md).
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400)
      clearStories(database);
  });

  // Documents arrive as the raw bytes of the file; the module decides their type from the bytes themselves.
  app.addContentTypeParser(
    ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES + 1 },
    (_req, body, done) => done(null, body),
  );

  // --- products -------------------------------------------------------------------------------------------
  app.get(
    '/products',
    {
      schema: {
        tags,
        summary: "List your organisation's products",
        querystring: Type.Object(
          {
            category: Type.Optional(CategorySchema),
            item: Type.Optional(Type.String({ maxLength: 40 })),
            orgId: Type.Optional(Type.Integer({ minimum: 1 })),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Product'), ...authErrors },
      },
    },
    async (request) => listProducts(db, callerOf(request).scope, request.query),
  );
  app.post(
    '/products',
    { schema: { tags, summary: 'Register a product', body: NewProductBody, response: created('Product') } },
    async (request, reply) => {
      const product = await createProduct(db, requireRole(request, writers).scope, request.body);
      reply.header('location', `/api/enterprise/products/${product.id}`);
      return reply.status(201).send(product);
    },
  );
  app.get(
    '/products/:id',
    {
      schema: {
        tags,
        summary: 'One of your products',
        params: IdParamsSchema,
        response: { 200: Record_('Product'), ...authErrors },
      },
    },
    async (request) => getProduct(db, callerOf(request).scope, request.params.id),
  );
  app.get(
    '/products/:id/certifications',
    {
      schema: {
        tags,
        summary: "A product's 无公害/绿色/有机 certifications",
        params: IdParamsSchema,
        response: { 200: Type.Array(Record_('Certification')), ...authErrors },
      },
    },
    async (request) => listCertifications(db, callerOf(request).scope, request.params.id),
  );
  app.post(
    '/products/:id/certifications',
    {
      schema: {
        tags,
        summary: 'Record a certification of an edible agricultural product',
        params: IdParamsSchema,
        body: Type.Object(
          {
            kind: Type.String({ description: 'pollution_free, green_food or organic.' }),
            number: Type.String({ maxLength: 64 }),
            validFrom: DateString,
            validUntil: DateString,
            documentId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: created('Certification'),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addCertification(db, requireRole(request, writers).scope, request.params.id, request.body),
        ),
  );

  // --- locations ------------------------------------------------------------------------------------------
  app.get(
    '/locations',
    {
      schema: {
        tags,
        summary: "List your organisation's locations",
        querystring: Type.Object(
          { kind: Type.Optional(Type.String()), divisionCode: Type.Optional(Type.String()), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Location'), ...authErrors },
      },
    },
    async (request) => listLocations(db, callerOf(request).scope, request.query),
  );
  app.post(
    '/locations',
    {
      schema: {
        tags,
        summary: 'Register a location (farm plot, factory, warehouse, stall, store, hospital, magazine …)',
        body: Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            kind: Type.String({ description: LOCATION_KINDS.join(', ') }),
            divisionCode: Type.String({
              maxLength: 12,
              description: 'GB/T 2260 division (or JA-JKQ / JA-LLXQ).',
            }),
            gln: Type.Optional(
              Type.String({
                maxLength: 100,
                description: 'SGLN (EPC URN or Digital Link) when the place has one.',
              }),
            ),
            localId: Type.Optional(
              Type.String({
                maxLength: 40,
                description: 'Else its id under your USCC: urn:zhuisu:loc:<USCC>:<localId>.',
              }),
            ),
            address: Type.Optional(Type.String({ maxLength: 400 })),
            latitude: Type.Optional(Type.Number()),
            longitude: Type.Optional(Type.Number()),
          },
          { additionalProperties: false },
        ),
        response: created('Location'),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createLocation(db, requireRole(request, writers).scope, request.body)),
  );
  app.get(
    '/locations/:id',
    {
      schema: {
        tags,
        summary: 'One of your locations',
        params: IdParamsSchema,
        response: { 200: Record_('Location'), ...authErrors },
      },
    },
    async (request) => getLocation(db, callerOf(request).scope, request.params.id),
  );

  // --- licences -------------------------------------------------------------------------------------------
  app.get(
    '/licences',
    {
      schema: {
        tags,
        summary: "List your organisation's licences",
        querystring: Type.Object(
          { type: Type.Optional(Type.String()), validOn: Type.Optional(DateString), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Licence'), ...authErrors },
      },
    },
    async (request) => listLicences(db, callerOf(request).scope, request.query),
  );
  app.post(
    '/licences',
    {
      schema: {
        tags,
        summary: 'Register a licence (type, number, scope, validity)',
        body: Type.Object(
          {
            type: Type.String({ description: Object.keys(LICENCE_TYPES).join(', ') }),
            number: Type.String({ maxLength: 64 }),
            scope: Type.Optional(Type.String({ maxLength: 400 })),
            issuer: Type.Optional(Type.String({ maxLength: 200 })),
            validFrom: DateString,
            expiresOn: DateString,
            documentId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: created('Licence'),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createLicence(db, requireRole(request, writers).scope, request.body)),
  );
  app.get(
    '/licences/:id',
    {
      schema: {
        tags,
        summary: 'One of your licences',
        params: IdParamsSchema,
        response: { 200: Record_('Licence'), ...authErrors },
      },
    },
    async (request) => getLicence(db, callerOf(request).scope, request.params.id),
  );

  // --- batches --------------------------------------------------------------------------------------------
  app.get(
    '/batches',
    {
      schema: {
        tags,
        summary: "List your organisation's batches",
        querystring: Type.Object(
          { productId: Type.Optional(Type.Integer({ minimum: 1 })), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Batch'), ...authErrors },
      },
    },
    async (request) => listBatches(db, callerOf(request).scope, request.query),
  );
  app.post(
    '/batches',
    {
      schema: {
        tags,
        summary: 'Register a batch (lot) of one of your products',
        body: Type.Object(
          {
            productId: Type.Integer({ minimum: 1 }),
            lot: Type.String({ maxLength: 20 }),
            producedOn: Type.Optional(DateString),
            expiresOn: Type.Optional(DateString),
            quantity: Type.Number(),
            uom: Type.Optional(Type.String({ maxLength: 3 })),
            documentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: created('Batch'),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createBatch(db, requireRole(request, writers).scope, request.body)),
  );
  app.get(
    '/batches/:id',
    {
      schema: {
        tags,
        summary: 'One of your batches',
        params: IdParamsSchema,
        response: { 200: Record_('Batch'), ...authErrors },
      },
    },
    async (request) => getBatch(db, callerOf(request).scope, request.params.id),
  );
  app.post(
    '/batches/:id/adjustments',
    {
      schema: {
        tags,
        summary: "Change a batch's quantity on hand (negative to take out); never below zero",
        params: IdParamsSchema,
        body: Type.Object({ delta: Type.Number() }, { additionalProperties: false }),
        response: { 200: Record_('Batch'), ...authErrors },
      },
    },
    async (request) =>
      adjustBatchQuantity(db, requireRole(request, writers).scope, request.params.id, request.body.delta),
  );

  // --- equipment ------------------------------------------------------------------------------------------
  app.get(
    '/equipment',
    {
      schema: {
        tags,
        summary: "List your organisation's special equipment",
        querystring: Type.Object(
          { item: Type.Optional(Type.String()), dueBefore: Type.Optional(DateString), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Equipment'), ...authErrors },
      },
    },
    async (request) => listEquipment(db, callerOf(request).scope, request.query),
  );
  app.post(
    '/equipment',
    {
      schema: {
        tags,
        summary: 'Register an elevator, vehicle gas cylinder or mobile pressure vessel',
        body: Type.Object(
          {
            item: Type.String(),
            code: Type.String({ maxLength: 100, description: '设备代码 (TSG 08) or a GS1 key.' }),
            productId: Type.Optional(Type.Integer({ minimum: 1 })),
            useRegistrationNo: Type.Optional(Type.String({ maxLength: 64 })),
            locationId: Type.Optional(Type.Integer({ minimum: 1 })),
            nextInspectionOn: Type.Optional(DateString),
            nextMaintenanceOn: Type.Optional(DateString),
            nominalPressureMPa: Type.Optional(Type.Number()),
          },
          { additionalProperties: false },
        ),
        response: created('Equipment'),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createEquipment(db, requireRole(request, writers).scope, request.body)),
  );
  app.get(
    '/equipment/:id',
    {
      schema: {
        tags,
        summary: 'One piece of your equipment',
        params: IdParamsSchema,
        response: { 200: Record_('Equipment'), ...authErrors },
      },
    },
    async (request) => getEquipment(db, callerOf(request).scope, request.params.id),
  );

  // --- documents ------------------------------------------------------------------------------------------
  app.get(
    '/documents',
    {
      schema: {
        tags,
        summary: "List your organisation's documents",
        querystring: Type.Object(
          { kind: Type.Optional(Type.String()), limit: Paging.limit, offset: Paging.offset },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Document'), ...authErrors },
      },
    },
    async (request) => listDocuments(db, callerOf(request).scope, request.query),
  );
  app.post(
    '/documents',
    {
      schema: {
        tags,
        summary: `Upload a document: the file's bytes as the body (PDF, PNG, JPEG or WebP, at most ${MAX_DOCUMENT_BYTES} bytes)`,
        querystring: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            kind: Type.String({ description: DOCUMENT_KINDS.join(', ') }),
          },
          { additionalProperties: false },
        ),
        response: { ...created('Document'), 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request, reply) => {
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const doc = await storeDocument(db, requireRole(request, writers).scope, filesDir, {
        name: request.query.name,
        kind: request.query.kind,
        bytes,
      });
      reply.header('location', `/api/enterprise/documents/${doc.id}`);
      return reply.status(201).send(doc);
    },
  );
  app.get(
    '/documents/:id',
    {
      schema: {
        tags,
        summary: "A document's content",
        params: IdParamsSchema,
        response: { 200: Type.Unknown({ description: 'The file, as uploaded.' }), ...authErrors },
      },
    },
    async (request, reply) => {
      const { document, bytes } = await readDocument(
        db,
        callerOf(request).scope,
        filesDir,
        request.params.id,
      );
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.name)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.type(document.mediaType).send(bytes);
    },
  );

  // --- certificates of compliance (承诺达标合格证) ------------------------------------------------------------
  app.get(
    '/certificates',
    {
      schema: {
        tags,
        summary: 'List your certificates of compliance (承诺达标合格证)',
        querystring: Type.Object(
          {
            batchId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Paging.limit,
            offset: Paging.offset,
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Certificate'), ...authErrors },
      },
    },
    async (request) => listComplianceCertificates(db, callerOf(request).scope, request.query),
  );
  app.post(
    '/certificates',
    {
      schema: {
        tags,
        summary:
          'Issue a certificate of compliance for a batch (or re-issue after mixing lots: sourceNumbers)',
        body: Type.Object(
          {
            batchId: Type.Integer({ minimum: 1 }),
            promise: Type.Array(Type.String(), { maxItems: 10 }),
            basis: Type.Array(Type.String(), { maxItems: 10 }),
            quantity: Type.Optional(Type.Number()),
            issuedOn: DateString,
            contact: Type.String({ maxLength: 40 }),
            originDivision: Type.Optional(Type.String({ maxLength: 12 })),
            sourceNumbers: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: created('Certificate'),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await issueComplianceCertificate(db, requireRole(request, writers).scope, request.body)),
  );
  app.get(
    '/certificates/:id',
    {
      schema: {
        tags,
        summary: 'One certificate of compliance',
        params: IdParamsSchema,
        response: { 200: Record_('Certificate'), ...authErrors },
      },
    },
    async (request) => getComplianceCertificate(db, callerOf(request).scope, request.params.id),
  );
  app.get(
    '/certificates/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The printable certificate (PDF with its QR code)',
        params: IdParamsSchema,
        response: { 200: Type.Unknown({ description: 'application/pdf' }), ...authErrors },
      },
    },
    async (request, reply) => {
      const cert = await getComplianceCertificate(db, callerOf(request).scope, request.params.id);
      const pdf = await renderCertificatePdf(cert, config.baseUrl);
      reply.header('content-disposition', `inline; filename="${cert.number}.pdf"`);
      return reply.type('application/pdf').send(pdf);
    },
  );

  // --- profile gaps (warn strictness) ---------------------------------------------------------------------
  app.get(
    '/profile-gaps',
    {
      schema: {
        tags,
        summary: 'Profile issues recorded on your events stored under warn strictness (newest first)',
        querystring: Type.Object(
          { limit: Paging.limit, offset: Paging.offset },
          { additionalProperties: false },
        ),
        response: { 200: ListOf('Profile gap'), ...authErrors },
      },
    },
    async (request) => {
      const { orgId } = callerOf(request).scope;
      const limit = request.query.limit ?? 50;
      const base = db
        .selectFrom('profile_gaps')
        .innerJoin('events', 'events.id', 'profile_gaps.event_pk')
        .where('profile_gaps.org_id', '=', orgId);
      const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await base
        .select([
          'profile_gaps.id',
          'events.event_id',
          'profile_gaps.category',
          'profile_gaps.item',
          'profile_gaps.code',
          'profile_gaps.path',
          'profile_gaps.element',
          'profile_gaps.message',
          'profile_gaps.catalogue_version',
        ])
        .orderBy('profile_gaps.id', 'desc')
        .limit(limit)
        .offset(request.query.offset ?? 0)
        .execute();
      return {
        total: Number(total?.n ?? 0),
        items: rows.map((r) => ({
          id: Number(r.id),
          eventId: r.event_id,
          category: r.category,
          item: r.item,
          code: r.code,
          path: r.path,
          element: r.element,
          message: r.message,
          catalogueVersion: r.catalogue_version,
        })),
      };
    },
  );
};
