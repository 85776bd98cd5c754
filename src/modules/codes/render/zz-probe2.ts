import fs from 'node:fs';
import * as fontkit from 'fontkit';
const k = fontkit.create(fs.readFileSync('/tmp/probe.ttf')) as any;
const g = k.glyphForCodePoint(0x9042);
console.log(g.id, g.path.commands.length, JSON.stringify(g.path.bbox), k.loca.offsets.slice(0, 6));
const g2 = k.glyphForCodePoint(65); console.log(g2.id, g2.path.commands.length, g2.advanceWidth, g2.path.toSVG().slice(0, 200));
