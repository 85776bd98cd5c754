/**
 * /api/public/ledger: what anyone may check without logging in (issue 5, docs/ledger.md) — the current signed head
 * and an inclusion proof for an eventID. The public projection carries no event body, only the leaf hash, its index,
 * the proof and the head; a shopper's app verifies it with the head's public key.
 * NOTE: a proof tells that an eventID exists, nothing more; eventIDs are random UUIDs or hashes a caller already
 * holds from a label or a partner.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { currentHead, ledgerSigner, proveEvent } from '../../../modules/ledger/index.js';
import { HeadReplySchema, keyReply, SignedTreeHeadSchema, TreeSizeQuery } from '../epcis/ledger.routes.js';
import { ProblemSchema } from '../schemas.js';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** The public ledger routes (registered inside publicRoutes). */
export const publicLedgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;

  app.get(
    '/ledger/head',
    {
      schema: {
        tags: ['public'],
        summary: 'The current signed tree head of the tamper-evident log and its public key',
        response: { 200: HeadReplySchema, 429: ProblemSchema },
      },
    },
    async () => {
      const { head, publicKey } = await currentHead(database, ledgerSigner(config));
      return { head, publicKey: keyReply(publicKey) };
    },
  );

  app.get(
    '/ledger/proof/:eventID',
    {
      schema: {
        tags: ['public'],
        summary:
          'Inclusion proof of an event (by eventID or CBV hash): leaf hash, index, path and signed head',
        params: Type.Object({ eventID: Type.String({ minLength: 1, maxLength: 2000 }) }),
        querystring: TreeSizeQuery,
        response: {
          200: Type.Object({
            leafHash: Hex64,
            leafIndex: Type.Integer(),
            treeSize: Type.Integer(),
            inclusionPath: Type.Array(Hex64),
            head: SignedTreeHeadSchema,
          }),
          400: ProblemSchema,
          404: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request) => {
      const p = await proveEvent(database, request.params.eventID, request.query.treeSize);
      return {
        leafHash: p.leafHash,
        leafIndex: p.leafIndex,
        treeSize: p.treeSize,
        inclusionPath: p.inclusionPath,
        head: p.head,
      };
    },
  );
};
