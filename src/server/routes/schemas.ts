/** Request and response schemas shared by several audience plugins (TypeBox → JSON Schema → OpenAPI 3.1). */
import { Type } from 'typebox';

/** RFC 7807 problem document. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code.' }),
    instance: Type.String(),
    requestId: Type.String(),
    path: Type.Optional(Type.String({ description: 'JSON pointer of the failing field.' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            code: Type.String(),
            message: Type.String(),
            path: Type.Optional(Type.String()),
            line: Type.Optional(Type.Integer()),
            position: Type.Optional(Type.Integer()),
          },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  { additionalProperties: true, $id: 'Problem' },
);

/** Standard error responses every authenticated route may give. */
export const authErrors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
} as const;

export const CategorySchema = Type.Union(
  ['AGRI', 'FOOD', 'DRUG', 'INPUT', 'EQUIP', 'HAZMAT'].map((c) => Type.Literal(c)),
  {
    description:
      'One of the six categories: AGRI 食用农产品, FOOD 食品, DRUG 药品, INPUT 农业生产资料, EQUIP 特种设备, HAZMAT 危险品.',
  },
);

export const OrganisationSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  uscc: Type.Union([Type.String(), Type.Null()]),
  gln: Type.Union([Type.String(), Type.Null()]),
  divisionCode: Type.Union([Type.String(), Type.Null()]),
  categories: Type.Array(Type.String()),
  strictness: Type.String(),
  createdAt: Type.String(),
  disabled: Type.Boolean(),
});

export const UserSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  username: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String(),
  disabled: Type.Boolean(),
});

export const ApiKeySchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

export const NewApiKeySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    expiresAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When the key stops working (ISO 8601).' }),
    ),
  },
  { additionalProperties: false },
);

export const CreatedKeySchema = Type.Object({
  key: Type.String({ description: 'The secret key: shown once, store it now.' }),
  apiKey: ApiKeySchema,
});

export const ProductSchema = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgDivision: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  item: Type.Union([Type.String(), Type.Null()]),
  gtin: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ProductListSchema = Type.Object({ items: Type.Array(ProductSchema), total: Type.Integer() });

export const ProductQuerySchema = Type.Object(
  {
    category: Type.Optional(CategorySchema),
    orgId: Type.Optional(Type.Integer({ minimum: 1 })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const IdParamsSchema = Type.Object(
  { id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
