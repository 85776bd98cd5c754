/** Schemas of the recall and complaint routes. */
import { Type } from 'typebox';

const Str = Type.String();
const NStr = Type.Union([Type.String(), Type.Null()]);

/** Body of a new recall. */
export const NewRecallSchema = Type.Object(
  {
    code: Type.Optional(
      Type.String({ minLength: 1, maxLength: 512, description: 'Code or batch to recall.' }),
    ),
    complaintId: Type.Optional(Type.Integer({ minimum: 1 })),
    level: Type.Union([Type.Literal('I'), Type.Literal('II'), Type.Literal('III')], {
      description: 'I most severe.',
    }),
    reason: Type.String({ minLength: 2, maxLength: 2000 }),
    deadline: Type.String({ description: 'ISO 8601 deadline for returns.' }),
  },
  { additionalProperties: false },
);

const HolderProgressSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Union([Type.Integer(), Type.Null()]),
  party: Str,
  name: NStr,
  uscc: NStr,
  division: NStr,
  affectedItems: Type.Integer(),
  affectedQuantity: Type.Number(),
  uom: NStr,
  recoveredItems: Type.Integer(),
  recoveredQuantity: Type.Number(),
  percent: Type.Number(),
  notifiedAt: NStr,
  acknowledgedAt: NStr,
  completedAt: NStr,
  late: Type.Boolean(),
});

/** A recall with progress. */
export const RecallSchema = Type.Object({
  id: Type.Integer(),
  number: Str,
  kind: Str,
  level: Str,
  reason: Str,
  deadline: Str,
  status: Str,
  root: Str,
  complaintId: Type.Union([Type.Integer(), Type.Null()]),
  category: NStr,
  createdByOrgId: Type.Integer(),
  createdAt: Str,
  closedAt: NStr,
  holders: Type.Array(HolderProgressSchema),
  progress: Type.Object({
    affectedItems: Type.Integer(),
    recoveredItems: Type.Integer(),
    affectedQuantity: Type.Number(),
    recoveredQuantity: Type.Number(),
    percent: Type.Number(),
    holdersComplete: Type.Integer(),
    holdersLate: Type.Integer(),
  }),
});

/** Recall id in the path. */
export const RecallParamsSchema = Type.Object(
  { id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** Query of a recall report. */
export const ReportQuerySchema = Type.Object(
  { format: Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')]) },
  { additionalProperties: false },
);

/** A complaint as the complainant follows it. */
export const PublicComplaintSchema = Type.Object({
  receipt: Str,
  status: Str,
  history: Type.Array(Type.Object({ status: Str, at: Str, note: NStr })),
});

/** A complaint as regulators see it. */
export const ComplaintSchema = Type.Object({
  id: Type.Integer(),
  receipt: Str,
  status: Str,
  history: Type.Array(Type.Object({ status: Str, at: Str, note: NStr })),
  code: Str,
  canonical: NStr,
  text: Str,
  hasPhoto: Type.Boolean(),
  contact: NStr,
  category: NStr,
  division: NStr,
  responsibleOrgId: Type.Union([Type.Integer(), Type.Null()]),
  departmentOrgId: Type.Union([Type.Integer(), Type.Null()]),
  countyOrgId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Str,
});

/** Body of a complaint status change. */
export const ComplaintUpdateSchema = Type.Object(
  {
    status: Type.Union(['assigned', 'investigating', 'answered', 'closed'].map((s) => Type.Literal(s))),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
