/** Request and response schemas of the trace, impact and recall routes (gov and enterprise audiences). */
import { Type } from 'typebox';

const Str = Type.String();
const NStr = Type.Union([Type.String(), Type.Null()]);
const NNum = Type.Union([Type.Number(), Type.Null()]);

const ProductRef = Type.Union([Type.Object({ name: Str, category: Str, gtin: NStr }), Type.Null()]);

/** Query of GET …/trace/:code. */
export const TraceQuerySchema = Type.Object(
  {
    direction: Type.Union([Type.Literal('backward'), Type.Literal('forward')], {
      description: 'backward: where it came from; forward: where it went.',
    }),
    depth: Type.Optional(Type.Integer({ description: 'Maximum hops (1–500, default 100).' })),
    at: Type.Optional(Type.String({ description: 'ISO 8601 time cut-off: the graph as it stood then.' })),
  },
  { additionalProperties: false },
);

/** Path parameter: the code, URL-encoded, in any scheme the codes module parses. */
export const CodeParamsSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 512, description: 'The code (URL-encoded).' }) },
  { additionalProperties: false },
);

const HolderSchema = Type.Object({
  uscc: NStr,
  party: NStr,
  name: NStr,
  division: NStr,
  quantity: Type.Number(),
  uom: NStr,
  quantities: Type.Array(Type.Object({ quantity: Type.Number(), uom: NStr, sold: Type.Number() })),
  items: Type.Integer(),
  itemsInTransit: Type.Integer(),
  itemsSold: Type.Integer(),
});

const CountySchema = Type.Object({
  division: Str,
  name: NStr,
  parties: Type.Integer(),
  quantity: Type.Number(),
  uom: NStr,
  items: Type.Integer(),
  itemsSold: Type.Integer(),
});

/** The answer of a trace (issue 7). */
export const TraceResultSchema = Type.Object({
  root: Type.Object({ id: Str, scheme: Str, kind: Str, product: ProductRef }),
  direction: Str,
  at: NStr,
  depth: Type.Integer(),
  truncated: Type.Boolean(),
  nodes: Type.Array(Type.Object({ id: Str, kind: Str, product: ProductRef })),
  edges: Type.Array(
    Type.Object({
      from: Str,
      to: Str,
      type: Str,
      via: Type.Optional(Str),
      eventID: NStr,
      time: Str,
      quantity: NNum,
      uom: NStr,
      status: Type.Optional(Str),
    }),
  ),
  events: Type.Array(
    Type.Object({
      eventID: Str,
      type: Str,
      action: NStr,
      bizStep: NStr,
      disposition: NStr,
      eventTime: Str,
      organisation: Type.Object({ uscc: NStr, name: NStr }),
      location: Type.Union([Type.Object({ id: Str, name: NStr, division: NStr }), Type.Null()]),
    }),
  ),
  erroneous: Type.Array(Type.Object({ eventID: Str, declaredAt: Str, reason: NStr })),
  parties: Type.Array(
    Type.Object({ uscc: NStr, party: NStr, name: NStr, division: NStr, roles: Type.Array(Str) }),
  ),
  summary: Type.Object({
    origins: Type.Array(Type.Object({ uscc: NStr, name: NStr, division: NStr, location: NStr, code: Str })),
    holders: Type.Array(HolderSchema),
    counties: Type.Array(CountySchema),
    items: Type.Integer(),
    batches: Type.Integer(),
  }),
});

/** Query of the trace export. */
export const TraceExportQuerySchema = Type.Object(
  {
    direction: Type.Union([Type.Literal('backward'), Type.Literal('forward')]),
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { description: 'csv or xlsx.' }),
    depth: Type.Optional(Type.Integer()),
    at: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** Body of an impact assessment. */
export const ImpactBodySchema = Type.Object(
  {
    code: Type.Optional(
      Type.String({ minLength: 1, maxLength: 512, description: 'A batch, item, case or input lot.' }),
    ),
    organisation: Type.Optional(
      Type.String({ minLength: 18, maxLength: 18, description: 'USCC of the producer.' }),
    ),
    from: Type.Optional(Type.String({ description: 'Start of the production window (ISO 8601).' })),
    to: Type.Optional(Type.String({ description: 'End of the production window (ISO 8601).' })),
  },
  { additionalProperties: false },
);

/** An impact assessment. */
export const ImpactSchema = Type.Object({
  roots: Type.Array(Str),
  items: Type.Integer(),
  batches: Type.Integer(),
  affected: Type.Array(Type.Object({ id: Str, kind: Str, product: ProductRef })),
  holders: Type.Array(HolderSchema),
  counties: Type.Array(CountySchema),
  scans: Type.Array(Type.Object({ division: NStr, name: NStr, scans: Type.Integer() })),
  sold: Type.Object({ items: Type.Integer(), quantity: Type.Number() }),
  inStock: Type.Object({ items: Type.Integer(), quantity: Type.Number() }),
  inTransit: Type.Object({ items: Type.Integer() }),
  soldShare: Type.Number(),
  assessedAt: Str,
});
