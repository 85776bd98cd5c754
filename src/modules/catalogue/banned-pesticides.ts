/**
 * Pesticides whose use is banned (国家禁用农药), in whole or on the crops of an annex item, as far as a
 * cited public list gives them. The facts file has no list; every entry names its announcement and the
 * public page it was read from. Not complete: bans without a cited page are left out (see docs).
 */
import type { ItemCode } from './catalogue.js';

/** One banned active ingredient. */
export interface BannedPesticide {
  /** Chinese common name of the active ingredient (or class). */
  zh: string;
  /** Other names the same ingredient is sold under. */
  aliases?: readonly string[];
  /** Matches an ingredient name that belongs to a class entry (e.g. any mercury compound). */
  classPattern?: RegExp;
  /** First day use is banned (YYYY-MM-DD); absent = banned before the platform's data begins. */
  since?: string;
  /** 'all' = banned outright; otherwise banned on the crops of these items. */
  scope: 'all' | readonly ItemCode[];
  /** Announcement and the page it was read from. */
  source: string;
}

const A199 =
  '农业部公告第199号 (2002); zc.sannzx.org.cn/show-277079.html, huoqiu.gov.cn/public/6618281/36740208.html';
const A322 = '农业部公告第322号; huoqiu.gov.cn/public/6618281/36740208.html';
const A1586 = '农业部公告第1586号; huoqiu.gov.cn/public/6618281/36740208.html';
const A536 = '农业农村部公告第536号 (2022-03-16): use banned from 2024-09-01; per-better.com/doc/129807.html';
const L2016 =
  'compiled list of banned pesticides (2016), haonongzi.com/news/20170206/161929.html [third-party]';
const CROPS: readonly ItemCode[] = ['AGRI_VEGETABLE', 'AGRI_FRUIT', 'AGRI_TEA'];
const TEA: readonly ItemCode[] = ['AGRI_TEA'];

const all = (zh: string, source: string, extra: Partial<BannedPesticide> = {}): BannedPesticide => ({
  zh,
  scope: 'all',
  source,
  ...extra,
});

/** The banned-pesticide list checked on every pesticide application. */
export const BANNED_PESTICIDES: readonly BannedPesticide[] = [
  ...['六六六', '滴滴涕', '毒杀芬', '二溴氯丙烷', '杀虫脒', '二溴乙烷', '除草醚', '艾氏剂', '狄氏剂'].map(
    (n) => all(n, A199),
  ),
  all('汞制剂', A199, { classPattern: /汞/ }),
  all('砷类', A199, { classPattern: /砷/ }),
  all('铅类', A199, { classPattern: /铅/ }),
  ...['敌枯双', '氟乙酰胺', '甘氟', '毒鼠强', '氟乙酸钠', '毒鼠硅'].map((n) => all(n, A199)),
  ...['甲胺磷', '甲基对硫磷', '对硫磷', '久效磷', '磷胺'].map((n) => all(n, A322)),
  ...[
    '苯线磷',
    '地虫硫磷',
    '甲基硫环磷',
    '磷化钙',
    '磷化镁',
    '磷化锌',
    '硫线磷',
    '蝇毒磷',
    '治螟磷',
    '特丁硫磷',
  ].map((n) => all(n, A1586)),
  ...['氯磺隆', '福美胂', '福美甲胂'].map((n) => all(n, L2016)),
  all('胺苯磺隆', L2016, { since: '2017-07-01' }),
  all('甲磺隆', L2016, { since: '2017-07-01' }),
  // NOTE: the cited page names the aqueous formulation (水剂); later bans on other formulations are not cited.
  all('百草枯', L2016, { since: '2016-07-01' }),
  all('三氯杀螨醇', `${L2016}; bbyijia.com/newslist1-14/871.html`, { since: '2018-10-01' }),
  ...['甲拌磷', '甲基异柳磷', '水胺硫磷', '灭线磷'].map((n) => all(n, A536, { since: '2024-09-01' })),
  // Banned on vegetables, fruit trees, tea and herbs (199号 part 2) before 536号 banned some outright.
  ...['甲拌磷', '甲基异柳磷', '内吸磷', '涕灭威', '灭线磷', '硫环磷', '氯唑磷'].map(
    (zh): BannedPesticide => ({ zh, scope: CROPS, source: A199 }),
  ),
  { zh: '克百威', aliases: ['呋喃丹'], scope: CROPS, source: A199 },
  { zh: '氰戊菊酯', scope: TEA, source: A199 },
  { zh: '三氯杀螨醇', scope: TEA, source: A199 },
  { zh: '灭多威', scope: TEA, source: `${A1586}; m.fx361.cc/news/2014/0919/23572198.html` },
  { zh: '硫丹', scope: TEA, source: 'm.fx361.cc/news/2014/0919/23572198.html (新农业 2014 compilation)' },
];

const normalise = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * The banned entries an application of these ingredients breaks, on the crops of `item`, on `date`
 * (YYYY-MM-DD). Ingredient names are matched after NFKC normalisation and whitespace removal.
 */
export function findBannedIngredients(
  ingredients: readonly string[],
  item: string,
  date: string,
): { ingredient: string; entry: BannedPesticide }[] {
  const out: { ingredient: string; entry: BannedPesticide }[] = [];
  for (const raw of ingredients) {
    const name = normalise(raw);
    const entry = BANNED_PESTICIDES.find(
      (e) =>
        (e.scope === 'all' || e.scope.includes(item as ItemCode)) &&
        (e.since === undefined || date >= e.since) &&
        (e.zh === name || e.aliases?.includes(name) || e.classPattern?.test(name)),
    );
    if (entry) out.push({ ingredient: raw, entry });
  }
  return out;
}
