/** End-to-end: the story's integrity line checks the shown events against the signed log, on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFromHex, verifyInclusion } from '../src/modules/ledger/index.js';
import { clearStories } from '../src/modules/story/index.js';
import { type StoryFixtures, seedStoryFixtures } from '../src/modules/story/story.fixtures.js';
import { startPlatform, type TestPlatform } from './helpers/app.js';
import { ENGINES } from './helpers/engines.js';

const HTML = { accept: 'text/html,application/xhtml+xml' };
const q = (code: string) => `/q/${encodeURIComponent(code)}`;

describe.each(ENGINES)('story integrity on $name', (engine) => {
  let p: TestPlatform;
  let f: StoryFixtures;

  beforeAll(async () => {
    p = await startPlatform(engine);
    f = await seedStoryFixtures(p.database, p.app.captureHooks);
  });
  afterAll(async () => p?.close());

  const json = async (code: string) =>
    (await p.app.inject({ url: `/api/public/codes/${encodeURIComponent(code)}` })).json();

  it('genuine records verify against the signed head and the page says so', async () => {
    const story = await json(f.tea.item);
    const head = (await p.app.inject({ url: '/api/public/ledger/head' })).json();
    const treeSize = head.treeSize ?? head.head?.treeSize;
    expect(story.integrity).toMatchObject({
      status: 'verified',
      treeSize,
      checked: story.timeline.length,
      failures: [],
    });
    // What a client needs to check it alone: the signed head with its key, and one proof per shown step.
    const rootHash = head.rootHash ?? head.head?.rootHash;
    expect(story.integrity.treeHead).toMatchObject({ treeSize, rootHash, algorithm: 'ed25519' });
    expect(story.integrity.treeHead.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(story.integrity.proofs.map((x: { step: number }) => x.step)).toEqual(
      story.timeline.map((_: unknown, i: number) => i),
    );
    expect(story.timeline.length).toBeGreaterThan(2);
    // Each audit-path hash is sent once and named by its place; the paths resolve and verify against the root.
    const nodes: string[] = story.integrity.nodes;
    expect(new Set(nodes).size).toBe(nodes.length);
    let named = 0;
    for (const proof of story.integrity.proofs as { leafIndex: number; leafHash: string; path: number[] }[]) {
      named += proof.path.length;
      const path = proof.path.map((at) => hashFromHex(nodes[at]!)!);
      expect(path.every(Boolean)).toBe(true);
      expect(
        verifyInclusion(
          proof.leafIndex,
          treeSize,
          hashFromHex(proof.leafHash)!,
          path,
          hashFromHex(rootHash)!,
        ),
      ).toBe(true);
    }
    // The shown events were captured together: their paths share nodes.
    expect(nodes.length).toBeLessThan(named);
    const html = (await p.app.inject({ url: q(f.tea.item), headers: HTML })).body;
    expect(html).toContain('data-integrity="verified"');
    expect(html).toContain(`✓ 记录未被篡改（已对照 ${treeSize} 条记录的签名日志核验）`);
    const en = (await p.app.inject({ url: `${q(f.tea.item)}?lang=en`, headers: HTML })).body;
    expect(en).toContain(`verified against the signed log of ${treeSize} records`);
  });

  it('a stored event edited in the database fails the check, in red on the page', async () => {
    const { db, dialect } = p.database;
    const rows = await db.selectFrom('events').select(['id', 'doc']).orderBy('id').execute();
    const row = rows.find((r) => JSON.stringify(dialect.decodeJson(r.doc)).includes(f.tea.item));
    expect(row, 'an event naming the tea item').toBeDefined();
    const doc = dialect.decodeJson<Record<string, unknown>>(row!.doc);
    // Someone with database access moves the event by a minute: the stored hash column is left as it was.
    doc.eventTime = new Date(Date.parse(String(doc.eventTime)) + 60_000).toISOString();
    await db
      .updateTable('events')
      .set({ doc: dialect.encodeJson(doc) })
      .where('id', '=', row!.id)
      .execute();
    clearStories(p.database);

    const story = await json(f.tea.item);
    expect(story.integrity.status).toBe('failed');
    expect(story.integrity.failures).toHaveLength(1);
    expect(story.integrity.failures[0].reason).toBe('edited');
    expect(story.integrity.checked).toBe(story.timeline.length);
    const html = (await p.app.inject({ url: q(f.tea.item), headers: HTML })).body;
    expect(html).toMatch(
      /<p id="integrity" class="zs-banner zs-banner-warn" role="alert" data-integrity="failed">/,
    );
    expect(html).toContain('记录核验失败：1 条记录与签名日志不符');
    expect(html).not.toContain('记录未被篡改');
  });
});
