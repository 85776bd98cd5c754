/**
 * Reader for the text format of the GS1 Barcode Syntax Dictionary (GS1 AISBL). The project does not
 * ship the dictionary: `ai-table.ts` holds its facts, and the test uses this reader to check that
 * table against the dictionary file in the shared conformance folder.
 */
import type { AiCharset, AiComponent, AiEntry } from './ai.types.js';

const COMPONENT = /^(\[)?([NXYZ])(\.\.)?(\d+)(\])?((?:,[a-z0-9]+)*)$/;

/** Parses one component such as `N13,csum,gcppos1`, `X..20` or `[N3],iso3166`. */
export function parseComponent(text: string): AiComponent {
  const m = COMPONENT.exec(text);
  if (!m) throw new SyntaxError(`bad component "${text}"`);
  const [, open, charset, range, len, close, linters] = m;
  if (Boolean(open) !== Boolean(close)) throw new SyntaxError(`unbalanced brackets in "${text}"`);
  const max = Number(len);
  return {
    charset: charset as AiCharset,
    min: range ? 1 : max,
    max,
    optional: Boolean(open),
    linters: linters ? linters.slice(1).split(',') : [],
  };
}

/** Parses the dictionary text into its entries, in file order; throws on a line it cannot read. */
export function parseSyntaxDictionary(text: string): AiEntry[] {
  const entries: AiEntry[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    if (rawLine.startsWith('#') || rawLine.trim() === '') continue;
    const hash = rawLine.indexOf('#');
    const title = hash >= 0 ? rawLine.slice(hash + 1).trim() : '';
    const tokens = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim().split(/\s+/);
    const aiToken = tokens.shift() ?? '';
    const [ai, last = ai] = aiToken.split('-') as [string, string?];
    let flags = '';
    if (tokens[0] !== undefined && /^[^A-Z[]+$/.test(tokens[0])) flags = tokens.shift() ?? '';
    const components: AiComponent[] = [];
    const req: string[][][] = [];
    const ex: string[] = [];
    let dlpkey: string[][] | null = null;
    for (const token of tokens) {
      if (/^\[?[NXYZ]/.test(token)) {
        components.push(parseComponent(token));
      } else if (token.startsWith('req=')) {
        req.push(
          token
            .slice(4)
            .split(',')
            .map((alt) => alt.split('+')),
        );
      } else if (token.startsWith('ex=')) {
        ex.push(...token.slice(3).split(','));
      } else if (token === 'dlpkey') {
        dlpkey = [[]];
      } else if (token.startsWith('dlpkey=')) {
        dlpkey = token
          .slice(7)
          .split('|')
          .map((seq) => seq.split(','));
      } else {
        throw new SyntaxError(`unknown attribute "${token}" for AI ${aiToken}`);
      }
    }
    entries.push({
      ai,
      last,
      title,
      fixedLength: flags.includes('*'),
      dlAttribute: flags.includes('?'),
      components,
      req,
      ex,
      dlpkey,
    });
  }
  return entries;
}
