import bwipjs from 'bwip-js';
import { PNG } from 'pngjs';
const q = bwipjs.raw('qrcode', 'https://trace.example.cn/q/ZS1ABC', {}) as any;
console.log(Object.keys(q[0]), q[0].pixx, q[0].pixy, q[0].width, q[0].height, q[0].pixs.length);
const e = bwipjs.raw('ean13', '6901234567892', {}) as any; console.log(Object.keys(e[0]), e[0].sbs?.length, JSON.stringify(e[0].sbs).slice(0, 80), e[0].bhs?.slice(0, 5), e[0].bbs?.slice(0, 5), e[0].txt?.slice(0,2));
const g = bwipjs.raw('gs1-128', '(01)06901234567892(10)B2024', {}) as any; console.log(Object.keys(g[0]), g[0].sbs?.length);
const dm = bwipjs.raw('gs1datamatrix', '(01)06901234567892(21)X9', {}) as any; console.log(dm[0].pixx, dm[0].pixy);
for (const [pad, sc] of [[0, 1], [4, 1], [4, 2]]) { const b = await bwipjs.toBuffer({ bcid: 'qrcode', text: 'https://trace.example.cn/q/ZS1ABC', scale: sc, padding: pad }); const p = PNG.sync.read(b); console.log('png', pad, sc, p.width, p.height); }
const svg = bwipjs.toSVG({ bcid: 'qrcode', text: 'https://trace.example.cn/q/ZS1ABC', padding: 4 }); console.log(svg.slice(0, 200));
try { bwipjs.raw('ean13', '6901234567890', {}); } catch (err) { console.log('ERR', (err as Error).message); }
try { bwipjs.raw('gs1-128', '(01)06901234567890', {}); } catch (err) { console.log('ERR', (err as Error).message); }
try { bwipjs.raw('gs1datamatrix', '(99x)12', {}); } catch (err) { console.log('ERR', (err as Error).message); }
try { bwipjs.raw('gs1datamatrix', '(17)991340', {}); } catch (err) { console.log('ERR', (err as Error).message); }
