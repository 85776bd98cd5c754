import bwipjs from 'bwip-js';
import { PNG } from 'pngjs';
for (const [bcid, text] of [['ean13', '6901234567892'], ['gs1-128', '(01)06901234567892'], ['datamatrix', 'ABC'], ['gs1datamatrix', '(01)06901234567892']]) {
  const r = bwipjs.raw(bcid, text, {}) as any;
  const mods = r[0].sbs ? r[0].sbs.reduce((a: number, b: number) => a + b, 0) : r[0].pixx;
  const p = PNG.sync.read(await bwipjs.toBuffer({ bcid, text, scale: 1 }));
  const p2 = PNG.sync.read(await bwipjs.toBuffer({ bcid, text, scale: 1, includetext: true }));
  console.log(bcid, mods, p.width, p.height, p2.width, p2.height);
}
