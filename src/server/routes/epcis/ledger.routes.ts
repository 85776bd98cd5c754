/**
 * /epcis/ledger: the tamper-evident log for EPCIS clients (issue 5, docs/ledger.md) — the signed tree head, the
 * list of heads, inclusion proofs of events the caller may see (RFC 9162 §2.1.3) and consistency proofs between
 * heads (RFC 9162 §2.1.4). Registered inside the EPCIS plugin, so its auth hook applies.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eventNotFound, getEvent } from '../../../modules/events/index.js';
import {
  currentHead,
  headsFrom,
  ledgerSigner,
  proveConsistency,
  proveEvent,
} from '../../../modules/ledger/index.js';
import { callerOf } from '../../plugins/auth.js';
import { authErrors } from '../schemas.js';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** A signed tree head exactly as `verifyTreeHead` reads it (src/modules/ledger/tree-head.ts). */
export const SignedTreeHeadSchema = Type.Object({
  treeSize: Type.Integer({ minimum: 0, description: 'Leaves in the tree.' }),
  rootHash: Type.String({ description: 'MTH of those leaves (RFC 9162 §2.1.1), lower-case hex.' }),
  timestamp: Type.Integer({ description: 'Milliseconds since 1970-01-01T00:00:00Z.' }),
  algorithm: Type.String({ description: 'ed25519 or sm2-sm3.' }),
  keyId: Type.String({ description: "SHA-256 of the signer's SubjectPublicKeyInfo DER, hex." }),
  signature: Type.String({ description: 'Base64 signature over RFC 9162 §4.10 TreeHeadDataV2.' }),
});

/** A public key that signed heads. */
export const LedgerKeySchema = Type.Object({
  keyId: Type.String(),
  algorithm: Type.String(),
  publicKeyPem: Type.String({ description: 'SubjectPublicKeyInfo, PEM.' }),
});

/** The current head with its key. */
export const HeadReplySchema = Type.Object({ head: SignedTreeHeadSchema, publicKey: LedgerKeySchema });

/** Shapes a stored key for a reply. */
export const keyReply = (k: { keyId: string; algorithm: string; publicKeyPem: string }) => ({
  keyId: k.keyId,
  algorithm: k.algorithm,
  publicKeyPem: k.publicKeyPem,
});

const EventParams = Type.Object({ eventID: Type.String({ minLength: 1, maxLength: 2000 }) });
/** `?treeSize=`: prove against the head of that size instead of the current one. */
export const TreeSizeQuery = Type.Object(
  { treeSize: Type.Optional(Type.Integer({ minimum: 0, description: 'Size of an existing signed head.' })) },
  { additionalProperties: false },
);

/** The ledger routes of the EPCIS audience. */
export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;

  app.get(
    '/ledger/head',
    {
      schema: {
        tags: ['epcis'],
        summary: 'The current signed tree head and the public key that signed it',
        response: { 200: HeadReplySchema, ...authErrors },
      },
    },
    async () => {
      const { head, publicKey } = await currentHead(database, ledgerSigner(config));
      return { head, publicKey: keyReply(publicKey) };
    },
  );

  app.get(
    '/ledger/heads',
    {
      schema: {
        tags: ['epcis'],
        summary: 'Signed tree heads of size ≥ from, smallest first, with the keys that signed them',
        querystring: Type.Object(
          {
            from: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ heads: Type.Array(SignedTreeHeadSchema), keys: Type.Array(LedgerKeySchema) }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { heads, keys } = await headsFrom(database, request.query.from ?? 0, request.query.limit ?? 100);
      return { heads, keys: keys.map(keyReply) };
    },
  );

  app.get(
    '/ledger/proof/:eventID',
    {
      schema: {
        tags: ['epcis'],
        summary:
          'Inclusion proof of an event you may see, against the current head or ?treeSize= an earlier one',
        params: EventParams,
        querystring: TreeSizeQuery,
        response: {
          200: Type.Object({
            eventID: Type.String(),
            eventHash: Type.String({ description: 'The CBV 2.0 event hash: the leaf data d.' }),
            leafHash: Hex64,
            leafIndex: Type.Integer(),
            treeSize: Type.Integer(),
            inclusionPath: Type.Array(Hex64),
            head: SignedTreeHeadSchema,
          }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { eventID } = request.params;
      if ((await getEvent(database, callerOf(request).scope, eventID)) === null) throw eventNotFound(eventID);
      return proveEvent(database, eventID, request.query.treeSize);
    },
  );

  app.get(
    '/ledger/consistency',
    {
      schema: {
        tags: ['epcis'],
        summary:
          'Consistency proof: the head of size `to` (default: current) extends the head of size `from`',
        querystring: Type.Object(
          { from: Type.Integer({ minimum: 0 }), to: Type.Optional(Type.Integer({ minimum: 0 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            firstTreeSize: Type.Integer(),
            secondTreeSize: Type.Integer(),
            consistencyPath: Type.Array(Hex64),
            first: SignedTreeHeadSchema,
            second: SignedTreeHeadSchema,
          }),
          ...authErrors,
        },
      },
    },
    async (request) => proveConsistency(database, request.query.from, request.query.to),
  );
};
