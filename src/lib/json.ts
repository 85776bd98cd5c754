/** JSON text helpers. */

const HAS_NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * JSON text with every character beyond ASCII written as a `\uXXXX` escape (RFC 8259 §7: the same JSON value),
 * held as a one-byte string: its bytes are its characters, so it becomes the bytes sent by a latin1 copy, without
 * an encoding pass (the public story keeps its JSON so, as bytes, and sends it thousands of times a second).
 */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (!HAS_NON_ASCII.test(text)) return text;
  const escaped = text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // replace() keeps the two-byte representation of its subject; a latin1 round trip makes it one-byte.
  return Buffer.from(escaped, 'latin1').toString('latin1');
}
