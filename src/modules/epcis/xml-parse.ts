/**
 * Safe XML parsing into a small element tree, on saxes (a non-validating parser that never loads external
 * entities and never expands DTD-declared ones). A DOCTYPE that declares or references anything is rejected;
 * nesting depth is bounded; errors carry line and column.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { ProblemItem } from '../../lib/errors.js';
import { EpcisErrorCode, invalidDocument } from './epcis.errors.js';

/** Deepest element nesting accepted (EPCIS XML events sit at depth 4; extensions rarely pass 10). */
export const MAX_XML_DEPTH = 64;

/** One attribute with its namespace. */
export interface XmlAttr {
  uri: string;
  prefix: string;
  local: string;
  value: string;
}

/** One element of the tree. */
export interface XmlElement {
  uri: string;
  prefix: string;
  local: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
  line: number;
}

/** The parsed tree plus every namespace declaration seen (prefix → URI, first declaration wins). */
export interface XmlTree {
  root: XmlElement;
  declarations: Map<string, string>;
}

function fail(code: string, message: string, line?: number, column?: number): never {
  const item: ProblemItem = { code, message };
  if (line !== undefined) item.line = line;
  if (column !== undefined) item.position = column;
  throw invalidDocument(message, [item]);
}

/** Parse XML text (or UTF-8 bytes) into a tree; throws EPCIS_INVALID_DOCUMENT on any syntax or safety problem. */
export function parseXml(input: string | Uint8Array, maxDepth = MAX_XML_DEPTH): XmlTree {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  const declarations = new Map<string, string>();
  let root: XmlElement | null = null;

  parser.on('doctype', (doctype) => {
    // NOTE: saxes never expands DTD entities, but a DOCTYPE with an internal subset or an external identifier
    // exists only to declare entities or fetch a DTD (XXE, entity bombs), so it is refused outright. A bare
    // `<!DOCTYPE name>` declares nothing and appears in published GS1 examples; it is ignored.
    if (/[[]|\bSYSTEM\b|\bPUBLIC\b/i.test(doctype)) {
      fail(
        EpcisErrorCode.doctypeForbidden,
        'XML documents with a DOCTYPE declaring entities or referencing a DTD are not accepted (XXE protection)',
        parser.line,
        parser.column,
      );
    }
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length >= maxDepth) {
      fail(
        EpcisErrorCode.tooDeep,
        `XML nesting deeper than ${maxDepth} levels at <${tag.name}>`,
        parser.line,
        parser.column,
      );
    }
    for (const [prefix, uri] of Object.entries(tag.ns))
      if (!declarations.has(prefix)) declarations.set(prefix, uri);
    const el: XmlElement = {
      uri: tag.uri,
      prefix: tag.prefix,
      local: tag.local,
      attrs: Object.values(tag.attributes)
        .filter((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns')
        .map((a) => ({ uri: a.uri, prefix: a.prefix, local: a.local, value: a.value })),
      children: [],
      text: '',
      line: parser.line,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (e) => {
    fail(EpcisErrorCode.invalidXml, `Invalid XML: ${e.message}`, parser.line, parser.column);
  });
  parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).close();
  if (root === null) fail(EpcisErrorCode.invalidXml, 'Invalid XML: no root element');
  return { root, declarations };
}
