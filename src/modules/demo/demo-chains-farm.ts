/**
 * Farm chains of the demo: 遂川 tea from a plot sprayed with a registered pesticide to a 吉州 supermarket shelf
 * (packing, unpacking and repacking on the way), 泰和 silkie chickens through quarantine and slaughter, 吉水 pigs
 * through a slaughterhouse and a wholesale market to a stall, and 新干 peppers whose lots a co-operative mixes
 * (a transformation) and re-certifies.
 */
import { zsBizStep } from '../catalogue/index.js';
import { createBatch, issueComplianceCertificate } from '../masterdata/index.js';
import {
  at,
  type DemoContext,
  dateOf,
  handOver,
  lgtin,
  objectEvent,
  qty,
  sgtin,
  sscc,
} from './demo-context.js';
import type { DemoCatalog } from './demo-setup.js';

type Obj = Record<string, unknown>;

/** Samples a shopper could scan, by category, filled by the chains. */
export type Samples = Record<string, string>;

const PROMISE = ['no_banned_inputs', 'residues_within_limits', 'withholding_respected'];

async function certificate(
  ctx: DemoContext,
  orgKey: string,
  productId: number,
  lot: string,
  quantity: number,
  day: number,
  sources: string[] = [],
) {
  const org = ctx.get(orgKey);
  const batch = await createBatch(ctx.database.db, org.scope, {
    productId,
    lot,
    quantity,
    uom: 'KGM',
    producedOn: dateOf(day),
  });
  return issueComplianceCertificate(ctx.database.db, org.scope, {
    batchId: batch.id,
    promise: PROMISE,
    basis: ['quality_control', 'self_test'],
    issuedOn: dateOf(day),
    contact: `0796-${String(6000000 + org.index).slice(-7)}`,
    ...(sources.length > 0 ? { sourceNumbers: sources } : {}),
  });
}

const certEvent = (
  cert: { number: string; originDivision: string; contact: string },
  when: string,
  what: Obj,
  place: string,
): Obj =>
  objectEvent({
    eventTime: when,
    bizStep: zsBizStep('certificate_issue'),
    bizLocation: { id: place },
    ...what,
    'zs:certificateNo': cert.number,
    'zs:certificatePromise': PROMISE,
    'zs:certificateBasis': ['quality_control', 'self_test'],
    'zs:originDivision': cert.originDivision,
    'zs:issuerContact': cert.contact,
  });

/**
 * The demo's seasons: each repetition starts on day `r % 40`, so the large data set runs the same 40-day season
 * again and again. A plot or pen used again in a later season would see the earlier seasons' sprays and drug
 * doses within its harvest's 安全间隔期 / slaughter's 休药期 (the profile check refuses that, rightly), so each
 * season farms its own section of the tea garden and its own pen.
 */
const seasonOf = (r: number): number => Math.floor(r / 40);

async function teaPlotOf(ctx: DemoContext, cat: DemoCatalog, r: number): Promise<string> {
  const season = seasonOf(r);
  if (season === 0) return cat.site.teaPlot!;
  const key = `teaPlot${season}`;
  const coop = ctx.get('teaCoop');
  cat.site[key] ??= await ctx.location(coop, {
    name: `汤湖镇狗牯脑茶园 7 号地块 ${season + 1} 区`,
    kind: 'farm_plot',
    divisionCode: coop.division,
    localId: key,
    latitude: 26.3142,
    longitude: 114.3281,
  });
  return cat.site[key]!;
}

/** 遂川 狗牯脑 tea: pesticide use → harvest → test → certificate → pack → ship → receive → unpack/repack → sell. */
export async function teaChain(
  ctx: DemoContext,
  cat: DemoCatalog,
  r: number,
  units: number,
  samples: Samples,
): Promise<void> {
  const coop = ctx.get('teaCoop');
  const market = ctx.get('supermarket');
  const dealer = ctx.get('pesticideDealer');
  const d = r % 40;
  const lot = `T26${String(r).padStart(5, '0')}`;
  const teaLot = lgtin(cat.gtin.tea!, lot);
  const plot = await teaPlotOf(ctx, cat, r);
  const kg = 20 + ctx.int(0, 30);
  // The dealer sells the pesticide to the co-op (retail sale of an agricultural input).
  const bottle = sgtin(cat.gtin.pesticide!, `P${r}`);
  await ctx.capture(dealer, [
    objectEvent({
      eventTime: at(d, 7),
      epcList: [bottle],
      bizStep: 'receiving',
      disposition: 'sellable_not_accessible',
      bizLocation: { id: cat.site.pesticideShop },
    }),
    objectEvent({
      eventTime: at(d, 8),
      epcList: [bottle],
      bizStep: 'retail_selling',
      disposition: 'retail_sold',
      bizLocation: { id: cat.site.pesticideShop },
      'zs:dealerLicenceNo': cat.licence.pesticideTrade,
      'zs:buyerName': coop.name,
      ...handOver(dealer, coop),
    }),
  ]);
  if (r === 0) samples.INPUT = bottle;
  const units_ = Array.from({ length: units }, (_, i) => sgtin(cat.gtin.tea!, `${lot}-${i + 1}`));
  const caseId = sscc(coop, r * 10 + 1);
  await ctx.capture(coop, [
    objectEvent({
      eventTime: at(d, 9),
      quantityList: [qty(teaLot, kg)],
      bizStep: zsBizStep('pesticide_application'),
      readPoint: { id: plot },
      'zs:pesticideRegNo': 'PD20080005',
      'zs:pesticideDose': { value: 30, unit: 'ml/mu' },
      'zs:plotId': plot,
      'zs:applicationDate': dateOf(d),
      'zs:targetPest': '茶小绿叶蝉',
    }),
    objectEvent({
      eventTime: at(d + 10, 7),
      action: 'ADD',
      quantityList: [qty(teaLot, kg)],
      bizStep: zsBizStep('harvesting'),
      bizLocation: { id: plot },
      ilmd: { 'zs:plotId': plot },
    }),
    objectEvent({
      eventTime: at(d + 10, 15),
      quantityList: [qty(teaLot, kg)],
      bizStep: 'inspecting',
      'zs:testResult': 'pass',
      'zs:testMethod': 'rapid',
    }),
  ]);
  const cert = await certificate(ctx, 'teaCoop', cat.product.tea!, lot, kg, d + 11);
  await ctx.capture(coop, [
    certEvent(cert, at(d + 11, 9), { quantityList: [qty(teaLot, kg)] }, plot),
    objectEvent({
      eventTime: at(d + 11, 10),
      action: 'ADD',
      epcList: units_,
      bizStep: 'commissioning',
      ilmd: { 'zs:plotId': plot },
    }),
    {
      type: 'AggregationEvent',
      eventTime: at(d + 11, 11),
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      parentID: caseId,
      childEPCs: units_,
      bizStep: 'packing',
    },
    objectEvent({
      eventTime: at(d + 12, 8),
      epcList: [caseId],
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...handOver(coop, market),
      'zs:certificateNo': cert.number,
    }),
  ]);
  const giftBox = sscc(market, r * 10 + 2);
  await ctx.capture(market, [
    objectEvent({
      eventTime: at(d + 12, 16),
      epcList: [caseId],
      bizStep: 'receiving',
      disposition: 'in_progress',
      bizLocation: { id: cat.site.store },
      ...handOver(coop, market),
      'zs:certificateNo': cert.number,
    }),
    {
      type: 'AggregationEvent',
      eventTime: at(d + 12, 17),
      eventTimeZoneOffset: '+08:00',
      action: 'DELETE',
      parentID: caseId,
      childEPCs: units_,
      bizStep: 'unpacking',
    },
    // Repacking: two units go into a gift box sold as one.
    {
      type: 'AggregationEvent',
      eventTime: at(d + 12, 18),
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      parentID: giftBox,
      childEPCs: units_.slice(0, Math.min(2, units_.length)),
      bizStep: 'packing',
    },
    ...units_.slice(2).map((u, i) =>
      objectEvent({
        eventTime: at(d + 13, 9, i % 60),
        epcList: [u],
        bizStep: 'retail_selling',
        disposition: 'retail_sold',
        bizLocation: { id: cat.site.store },
        'zs:certificateNo': cert.number,
      }),
    ),
  ]);
  if (r === 0 && units_.length > 2) samples.AGRI = units_[2]!;
}

/**
 * A herd's raising records: its feed on `day`, a veterinary drug the next day (with its withdrawal period), and its
 * quarantine `quarantine[0]` days after the feed, at `quarantine[1]` o'clock.
 */
function raising(o: {
  live: string;
  head: number;
  herd: string;
  day: number;
  feed: [name: string, kg: number];
  doseMgKg: number;
  quarantine: [days: number, hour: number];
  qc: string;
}): Obj[] {
  const herd = () => [qty(o.live, o.head, 'H87')];
  return [
    objectEvent({
      eventTime: at(o.day, 7),
      quantityList: herd(),
      bizStep: zsBizStep('feed_use'),
      'zs:feedName': o.feed[0],
      'zs:feedQuantity': { value: o.feed[1], unit: 'kg' },
      'zs:herdId': o.herd,
      'zs:applicationDate': dateOf(o.day),
    }),
    objectEvent({
      eventTime: at(o.day + 1, 8),
      quantityList: herd(),
      bizStep: zsBizStep('vet_drug_use'),
      'zs:vetDrugApprovalNo': '兽药字150015233',
      'zs:vetDrugDose': { value: o.doseMgKg, unit: 'mg/kg' },
      'zs:herdId': o.herd,
      'zs:applicationDate': dateOf(o.day + 1),
      'zs:withdrawalDays': 8,
    }),
    objectEvent({
      eventTime: at(o.day + o.quarantine[0], o.quarantine[1]),
      quantityList: herd(),
      bizStep: zsBizStep('quarantine'),
      'zs:quarantineCertNo': o.qc,
      'zs:quarantineResult': 'pass',
    }),
  ];
}

/** 泰和 silkie chickens: feed and veterinary drug → quarantine → slaughter → ship → receive at the market. */
export async function silkieChain(ctx: DemoContext, cat: DemoCatalog, r: number): Promise<void> {
  const farm = ctx.get('silkieFarm');
  const market = ctx.get('wholesale');
  const d = r % 40;
  const flock = `F${String(r).padStart(5, '0')}`;
  const live = lgtin(cat.gtin.silkieLive!, flock);
  const carcass = lgtin(cat.gtin.silkieCarcass!, `C${flock}`);
  const herd = `${cat.site.silkieBarn}:${flock}`;
  const birds = 200 + ctx.int(0, 100);
  const qc = `36${String(10000000 + r * 3 + 1).slice(-8)}`;
  await ctx.capture(farm, [
    ...raising({
      live,
      head: birds,
      herd,
      day: d,
      feed: ['乌鸡专用配合饲料', 120],
      doseMgKg: 10,
      quarantine: [20, 8],
      qc,
    }),
    {
      type: 'TransformationEvent',
      eventTime: at(d + 21, 6),
      eventTimeZoneOffset: '+08:00',
      inputQuantityList: [qty(live, birds, 'H87')],
      outputQuantityList: [qty(carcass, Math.round(birds * 0.9), 'KGM')],
      bizStep: 'killing',
      'zs:quarantineCertNo': qc,
    },
    objectEvent({
      eventTime: at(d + 21, 9),
      quantityList: [qty(carcass, Math.round(birds * 0.9))],
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...handOver(farm, market),
      'zs:quarantineCertNo': qc,
    }),
  ]);
  await ctx.capture(market, [
    objectEvent({
      eventTime: at(d + 21, 14),
      quantityList: [qty(carcass, Math.round(birds * 0.9))],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.wholesaleHall },
      ...handOver(farm, market),
      'zs:quarantineCertNo': qc,
    }),
  ]);
}

/** 吉水 pigs: feed (bought from the feed mill) and veterinary drug → quarantine → slaughterhouse → market → stall. */
export async function pigChain(ctx: DemoContext, cat: DemoCatalog, r: number): Promise<void> {
  const farm = ctx.get('pigFarm');
  const mill = ctx.get('feedMill');
  const plant = ctx.get('slaughterhouse');
  const market = ctx.get('wholesale');
  const stall = ctx.get('stall');
  const d = r % 40;
  const lot = `PG${String(r).padStart(5, '0')}`;
  const pen = seasonOf(r) === 0 ? cat.site.pigPen! : `${cat.site.pigPen}:S${seasonOf(r)}`;
  const live = lgtin(cat.gtin.pigLive!, lot);
  const pork = lgtin(cat.gtin.pork!, `K${lot}`);
  const head = 20 + ctx.int(0, 20);
  const kg = head * 85;
  const qc = `36${String(20000000 + r * 3 + 2).slice(-8)}`;
  const feedLot = lgtin(cat.gtin.feed!, `FD${lot}`);
  await ctx.capture(mill, [
    objectEvent({
      eventTime: at(d, 9),
      quantityList: [qty(feedLot, 2000)],
      bizStep: 'shipping',
      ...handOver(mill, farm),
      'zs:buyerName': farm.name,
    }),
  ]);
  await ctx.capture(farm, [
    ...raising({
      live,
      head,
      herd: pen,
      day: d + 1,
      feed: ['育肥猪配合饲料', 500],
      doseMgKg: 5,
      quarantine: [24, 6],
      qc,
    }),
    objectEvent({
      eventTime: at(d + 25, 8),
      quantityList: [qty(live, head, 'H87')],
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...handOver(farm, plant),
      'zs:quarantineCertNo': qc,
    }),
  ]);
  await ctx.capture(plant, [
    objectEvent({
      eventTime: at(d + 25, 11),
      quantityList: [qty(live, head, 'H87')],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.slaughter },
      ...handOver(farm, plant),
      'zs:quarantineCertNo': qc,
    }),
    {
      type: 'TransformationEvent',
      eventTime: at(d + 26, 4),
      eventTimeZoneOffset: '+08:00',
      inputQuantityList: [qty(live, head, 'H87')],
      outputQuantityList: [qty(pork, kg)],
      bizStep: 'killing',
      bizLocation: { id: cat.site.slaughter },
      'zs:quarantineCertNo': qc,
      'zs:slaughterLicenceNo': cat.licence.slaughter,
    },
    objectEvent({
      eventTime: at(d + 26, 6),
      quantityList: [qty(pork, kg)],
      bizStep: 'shipping',
      ...handOver(plant, market),
      'zs:quarantineCertNo': qc,
    }),
  ]);
  await ctx.capture(market, [
    objectEvent({
      eventTime: at(d + 26, 8),
      quantityList: [qty(pork, kg)],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.wholesaleHall },
      ...handOver(plant, market),
      'zs:quarantineCertNo': qc,
    }),
    objectEvent({
      eventTime: at(d + 26, 9),
      quantityList: [qty(pork, 120)],
      bizStep: 'shipping',
      ...handOver(market, stall),
      'zs:quarantineCertNo': qc,
    }),
  ]);
  await ctx.capture(stall, [
    objectEvent({
      eventTime: at(d + 26, 10),
      quantityList: [qty(pork, 120)],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.stallB017 },
      ...handOver(market, stall),
      'zs:quarantineCertNo': qc,
    }),
    objectEvent({
      eventTime: at(d + 26, 12),
      quantityList: [qty(pork, 2.5)],
      bizStep: 'retail_selling',
      disposition: 'retail_sold',
      'zs:marketStall': 'B-017',
    }),
  ]);
}

/** 新干 peppers: two farmers' certified lots, sown from dealer seed, mixed by a co-operative and re-certified. */
export async function vegetableChain(
  ctx: DemoContext,
  cat: DemoCatalog,
  r: number,
  samples: Samples,
): Promise<void> {
  const coop = ctx.get('vegCoop');
  const seedDealer = ctx.get('seedDealer');
  const market = ctx.get('supermarket');
  const d = r % 40;
  const certs: string[] = [];
  const inputs: Obj[] = [];
  for (const [farmKey, productKey, plotKey] of [
    ['vegFarmA', 'vegA', 'vegPlotA'],
    ['vegFarmB', 'vegB', 'vegPlotB'],
  ] as const) {
    const farm = ctx.get(farmKey);
    const lot = `V${farmKey.slice(-1)}${String(r).padStart(5, '0')}`;
    const cls = lgtin(cat.gtin[productKey]!, lot);
    const kg = 300 + ctx.int(0, 200);
    const seedPack = sgtin(cat.gtin.seed!, `S${farmKey.slice(-1)}${r}`);
    await ctx.capture(seedDealer, [
      objectEvent({
        eventTime: at(d, 9),
        epcList: [seedPack],
        bizStep: 'retail_selling',
        disposition: 'retail_sold',
        'zs:dealerLicenceNo': cat.licence.seedTrade,
        'zs:buyerName': farm.name,
        ...handOver(seedDealer, farm),
      }),
    ]);
    const cert = await certificate(ctx, farmKey, cat.product[productKey]!, lot, kg, d + 60);
    certs.push(cert.number);
    await ctx.capture(farm, [
      objectEvent({
        eventTime: at(d, 15),
        epcList: [seedPack],
        bizStep: zsBizStep('sowing'),
        'zs:plotId': cat.site[plotKey]!,
        'zs:applicationDate': dateOf(d),
        'zs:sowingQuantity': { value: 0.01, unit: 'kg' },
      }),
      objectEvent({
        eventTime: at(d + 59, 7),
        action: 'ADD',
        quantityList: [qty(cls, kg)],
        bizStep: zsBizStep('harvesting'),
        ilmd: { 'zs:plotId': cat.site[plotKey]! },
      }),
      certEvent(cert, at(d + 60, 8), { quantityList: [qty(cls, kg)] }, cat.site[plotKey]!),
      objectEvent({
        eventTime: at(d + 60, 10),
        quantityList: [qty(cls, kg)],
        bizStep: 'shipping',
        ...handOver(farm, coop),
        'zs:certificateNo': cert.number,
      }),
    ]);
    inputs.push(qty(cls, kg));
    await ctx.capture(coop, [
      objectEvent({
        eventTime: at(d + 60, 14),
        quantityList: [qty(cls, kg)],
        bizStep: 'receiving',
        bizLocation: { id: cat.site.vegWarehouse },
        ...handOver(farm, coop),
        'zs:certificateNo': cert.number,
      }),
    ]);
  }
  const mixLot = `VM${String(r).padStart(5, '0')}`;
  const total = inputs.reduce((s, i) => s + Number(i.quantity), 0);
  const mixed = lgtin(cat.gtin.vegMix!, mixLot);
  const mixCert = await certificate(ctx, 'vegCoop', cat.product.vegMix!, mixLot, total, d + 61, certs);
  await ctx.capture(coop, [
    // The transformation that merges two lots into the co-op's graded lot.
    {
      type: 'TransformationEvent',
      eventTime: at(d + 61, 8),
      eventTimeZoneOffset: '+08:00',
      inputQuantityList: inputs,
      outputQuantityList: [qty(mixed, total)],
      bizStep: 'commissioning',
      bizLocation: { id: cat.site.vegWarehouse },
    },
    certEvent(mixCert, at(d + 61, 9), { quantityList: [qty(mixed, total)] }, cat.site.vegWarehouse!),
    objectEvent({
      eventTime: at(d + 61, 11),
      quantityList: [qty(mixed, 100)],
      bizStep: 'shipping',
      ...handOver(coop, market),
      'zs:certificateNo': mixCert.number,
    }),
  ]);
  await ctx.capture(market, [
    objectEvent({
      eventTime: at(d + 61, 16),
      quantityList: [qty(mixed, 100)],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.store },
      ...handOver(coop, market),
      'zs:certificateNo': mixCert.number,
    }),
  ]);
  if (r === 0) samples.AGRI_MIXED_LOT = mixed;
}
