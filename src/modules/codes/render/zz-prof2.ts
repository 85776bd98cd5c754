import bwipjs from 'bwip-js';
let t = performance.now();
const lap = (s: string) => { console.log(s, Math.round(performance.now() - t)); t = performance.now(); };
for (let k = 0; k < 6; k++) {
for (let i = 0; i < 24; i++) bwipjs.raw('qrcode', `https://trace.jian.gov.cn/q/ZS1A${String(i).padStart(6, '0')}K`, {});
lap('default');
}
