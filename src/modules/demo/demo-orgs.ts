/**
 * The organisations of the Ji'an demo: enterprises seated in all 13 county-level divisions, the city's
 * departments (each supervising the categories the plan gives it), a county government and a provincial platform.
 * Names are invented but typical of the place (遂川狗牯脑 tea, 泰和乌鸡, 新干 vegetables …).
 */
import { DEPARTMENTS, type DepartmentCode, ITEMS } from '../catalogue/index.js';
import type { DemoContext } from './demo-context.js';

/** Enterprises: key, name, seat (GB/T 2260), login. */
export const DEMO_ENTERPRISES = [
  ['teaCoop', '遂川县汤湖狗牯脑茶叶专业合作社', '360827', 'ent-tea'],
  ['silkieFarm', '泰和县武山乌鸡养殖有限公司', '360826', 'ent-silkie'],
  ['pigFarm', '吉水县八都生猪养殖场', '360822', 'ent-pigfarm'],
  ['slaughterhouse', '吉安县定点屠宰场', '360821', 'ent-slaughter'],
  ['wholesale', '吉安市农产品批发市场有限公司', '360802', 'ent-wholesale'],
  ['stall', '吉州区文山农贸市场 B-017 摊位', '360802', 'ent-stall'],
  ['supermarket', '吉安市吉州区万佳超市', '360802', 'ent-market'],
  ['vegFarmA', '新干县三湖蔬菜种植户甲', '360824', 'ent-veg-a'],
  ['vegFarmB', '新干县三湖蔬菜种植户乙', '360824', 'ent-veg-b'],
  ['vegCoop', '新干县绿源蔬菜专业合作社', '360824', 'ent-veg-coop'],
  ['dairy', '井冈山乳业有限公司', '360881', 'ent-dairy'],
  ['importer', '吉安市青原区优选进口食品贸易有限公司', '360803', 'ent-importer'],
  ['drugWholesaler', '吉安市医药有限公司', '360802', 'ent-drug-wholesale'],
  ['hospital', '吉安市中心人民医院', '360802', 'ent-hospital'],
  ['pesticideDealer', '万安县丰收农资经营部', '360828', 'ent-pesticide'],
  ['seedDealer', '安福县种子公司', '360829', 'ent-seed'],
  ['feedMill', '峡江县饲料有限公司', '360823', 'ent-feed'],
  ['elevatorOwner', '吉州区天虹大厦物业管理有限公司', '360802', 'ent-building'],
  ['elevatorService', '吉安市安达电梯工程有限公司', '360803', 'ent-lift-service'],
  ['fillingStation', '青原区河东 CNG 加气站', '360803', 'ent-cng'],
  ['chemicals', '峡江县化工有限公司', '360823', 'ent-chemicals'],
  ['chemBuyer', '永丰县电镀有限公司', '360825', 'ent-plating'],
  ['fireworksWholesale', '永新县烟花爆竹批发有限公司', '360830', 'ent-fireworks'],
  ['fireworksShop', '吉州区鑫盛烟花爆竹零售店', '360802', 'ent-fireworks-shop'],
  ['explosives', '永丰县民用爆破器材专营有限公司', '360825', 'ent-explosives'],
  ['mine', '永丰县石灰石矿业有限公司', '360825', 'ent-mine'],
  ['jkqFactory', '井冈山经开区食用油有限公司', 'JA-JKQ', 'ent-oil'],
  ['drugMaker', '江西庐陵制药有限公司', '360821', 'ent-drug-maker'],
] as const;

/** The categories a department supervises: those of the items the plan makes it lead or assist on. */
export function departmentCategories(code: DepartmentCode): string[] {
  return [
    ...new Set(ITEMS.filter((i) => i.lead === code || i.assisting.includes(code)).map((i) => i.category)),
  ];
}

/** Creates every demo organisation with its login. */
export async function createDemoOrgs(ctx: DemoContext): Promise<void> {
  for (const [key, name, division, username] of DEMO_ENTERPRISES) {
    await ctx.org(key, { name, division, username, audience: 'enterprise' });
  }
  for (const code of Object.keys(DEPARTMENTS) as DepartmentCode[]) {
    const categories = departmentCategories(code);
    if (categories.length === 0) continue;
    await ctx.org(`dept-${code}`, {
      name: DEPARTMENTS[code].zh,
      division: '360800',
      kind: 'department',
      categories,
      username: `gov-${code.toLowerCase().replace(/_/g, '-')}`,
      audience: 'regulator',
    });
  }
  await ctx.org('countyJizhou', {
    name: '吉州区人民政府',
    division: '360802',
    kind: 'county',
    username: 'county-jizhou',
    audience: 'county',
  });
  await ctx.org('provincialPlatform', {
    name: '江西省重要产品追溯平台',
    division: '360000',
    kind: 'platform',
    username: 'platform-jiangxi',
    audience: 'platform',
  });
}
