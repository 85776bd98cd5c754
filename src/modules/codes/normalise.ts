/**
 * Clean-up of what a person or a scanner hands to `parse`, before any scheme looks at it: surrounding
 * whitespace and line breaks, full-width forms typed with a Chinese IME (１２３, （０１）, ：／),
 * ASCII control characters (GS kept: it is FNC1 in GS1 element strings), and a length cap.
 */

/** Longest input `parse` looks at; longer inputs are rejected at once (a QR code holds at most 4 296 alphanumerics). */
export const MAX_CODE_LENGTH = 4096;

/** The normalised text, and where each of its characters was in the input when characters were dropped. */
export interface Normalised {
  text: string;
  /** `map[i]` is the input index of `text[i]`; null when `text` is `input` minus a leading run of `offset` characters. */
  map: number[] | null;
  /** Characters dropped from the start of the input (when `map` is null). */
  offset: number;
  /** True when the input is longer than MAX_CODE_LENGTH; `text` is then empty. */
  tooLong: boolean;
}

const GS = 0x1d;

// Characters dropped at either end: ASCII and Unicode blanks, BOM, zero-width space/joiners.
function isBlank(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x7f ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x200b && c <= 0x200d) ||
    c === 0x2028
  );
}

// IME punctuation that has an ASCII meaning in codes but lies outside the full-width block.
const EXTRA: Record<number, string> = {
  12290: '.', // 。 ideographic full stop, e.g. "id。gs1。org"
  12289: ',', // 、
  8212: '-', // — typed for a hyphen
  8208: '-',
  8209: '-',
  8210: '-',
  8211: '-',
  8220: '"',
  8221: '"',
  8216: "'",
  8217: "'",
  12304: '[', // 【
  12305: ']', // 】
};

/** Normalises `input` as described in the file header; never throws. */
export function normalise(input: string): Normalised {
  if (input.length > MAX_CODE_LENGTH) return { text: '', map: null, offset: 0, tooLong: true };
  let start = 0;
  let end = input.length;
  while (start < end && isBlank(input.charCodeAt(start)) && input.charCodeAt(start) !== GS) start++;
  while (end > start && isBlank(input.charCodeAt(end - 1)) && input.charCodeAt(end - 1) !== GS) end--;
  // Fast path: printable ASCII (and GS) only — nothing to change inside.
  let clean = true;
  for (let i = start; i < end; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x20 ? c !== GS : c > 0x7e) {
      clean = false;
      break;
    }
  }
  let text: string;
  let map: number[] | null = null;
  if (clean) {
    text = start === 0 && end === input.length ? input : input.slice(start, end);
  } else {
    let out = '';
    const m: number[] = [];
    let dropped = false;
    for (let i = start; i < end; i++) {
      const c = input.charCodeAt(i);
      let ch: string | undefined;
      if (c >= 0xff01 && c <= 0xff5e) ch = String.fromCharCode(c - 0xfee0);
      else if (c === 0x3000) ch = ' ';
      else if (
        (c < 0x20 && c !== GS) ||
        c === 0x7f ||
        (c >= 0x80 && c < 0xa0) ||
        (c >= 0x200b && c <= 0x200d) ||
        c === 0xfeff
      ) {
        dropped = true;
        continue;
      } else ch = EXTRA[c] ?? input.charAt(i);
      out += ch;
      m.push(i);
    }
    text = out;
    if (dropped) map = m;
  }
  // A whole URI that arrived percent-encoded (e.g. copied out of a query string): decode it once.
  if (/^https?%3A%2F%2F/i.test(text)) {
    try {
      text = decodeURIComponent(text);
      map = null;
    } catch {
      // leave it: the Digital Link parser reports the bad encoding
    }
  }
  return { text, map, offset: start, tooLong: false };
}

/** Maps a position in the normalised text back to the input. */
export function inputPosition(n: Normalised, position: number): number {
  if (n.map)
    return n.map[position] ?? (n.map.length > 0 ? (n.map[n.map.length - 1] as number) + 1 : n.offset);
  return position + n.offset;
}
