import fs from 'node:fs';
import { renderLabelSheet } from './index.js';
const names = ['遂川狗牯脑茶', '泰和乌鸡', '井冈山红米', '永丰辣椒酱', '安福火腿（特级礼盒装）', '吉水八都板鸭', '新干三湖红橘', '峡江米粉'];
const layout = process.argv[2] ?? 'a4-3x8';
const n = Number(process.argv[3] ?? 24);
const labels = Array.from({ length: n }, (_, i) => ({
  code: `ZS1A${String(i).padStart(6, '0')}K`,
  url: `https://trace.jian.gov.cn/q/ZS1A${String(i).padStart(6, '0')}K`,
  productName: names[i % names.length] as string,
  batch: `B2024-${String(i % 12 + 1).padStart(2, '0')}`,
  date: '2024-05-01',
  symbology: (process.argv[4] as any) ?? undefined,
}));
if (process.argv[4] === 'gs1-128' || process.argv[4] === 'gs1-datamatrix') labels.forEach((l, i) => { l.code = `(01)06901234567892(10)B${i}`; });
if (process.argv[4] === 'ean13') labels.forEach((l) => { l.code = '6901234567892'; });
const t = Date.now();
const pdf = await renderLabelSheet({ layout, labels, outline: true });
console.log('ms', Date.now() - t, 'bytes', pdf.length);
fs.writeFileSync('/tmp/labels.pdf', pdf);
