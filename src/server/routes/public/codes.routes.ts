/** /api/public/codes …: what anyone may ask about a code without logging in (rate-limited by the public scope). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAX_CODE_LENGTH, parse } from '../../../modules/codes/index.js';
import { ProblemSchema } from '../schemas.js';

const CodeErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  position: Type.Optional(Type.Integer()),
});

/** The JSON of `parse(input)` from src/modules/codes (types.ts `ParseResult`). */
const ParseResultSchema = Type.Object({
  input: Type.String({ description: 'The input exactly as given.' }),
  scheme: Type.String({
    description: 'gs1-digital-link, gtin, uscc, drug-trace-code, platform-code … or unknown.',
  }),
  valid: Type.Boolean(),
  canonical: Type.Union([Type.String(), Type.Null()], {
    description:
      'The stored form: the constrained canonical GS1 Digital Link, or urn:zhuisu:<scheme>:<value>.',
  }),
  fields: Type.Object(
    {},
    { additionalProperties: true, description: 'The parts by name; GS1 schemes include ai.' },
  ),
  errors: Type.Array(CodeErrorSchema),
  warnings: Type.Optional(Type.Array(CodeErrorSchema)),
});

/** The public codes routes (registered inside publicRoutes). */
export const publicCodesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/codes/parse',
    {
      schema: {
        tags: ['public'],
        summary:
          'Parse any code: GS1 (element string, Digital Link, EPC URI), USCC, Chinese trace codes, platform codes',
        querystring: Type.Object(
          {
            code: Type.String({
              minLength: 1,
              maxLength: MAX_CODE_LENGTH,
              description: 'The code as scanned or typed.',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ParseResultSchema, 400: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request) => parse(request.query.code),
  );
};
