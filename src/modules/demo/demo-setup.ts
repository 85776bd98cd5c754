/** The demo's master data: products with their GTINs, sites, licences and the equipment register. */
import { isValidGs1CheckDigit } from '../codes/index.js';
import { createEquipment, createLicence, type LicenceType } from '../masterdata/index.js';
import type { DemoContext, DemoOrg } from './demo-context.js';

/** Everything the chains need to know about the master data. */
export interface DemoCatalog {
  gtin: Record<string, string>;
  product: Record<string, number>;
  site: Record<string, string>;
  licence: Record<string, string>;
  elevators: { identifier: string; code: string }[];
  cylinders: { identifier: string; code: string; nextInspection: string }[];
  drugPrefix: string;
  detonatorPrefix: string;
}

type P = Parameters<DemoContext['product']>[1];

/** Registers the demo's master data. */
export async function setupMasterData(ctx: DemoContext): Promise<DemoCatalog> {
  const cat: DemoCatalog = {
    gtin: {},
    product: {},
    site: {},
    licence: {},
    elevators: [],
    cylinders: [],
    drugPrefix: '',
    detonatorPrefix: '',
  };
  const product = async (key: string, org: DemoOrg, n: number, input: Omit<P, 'gtin'>, withGtin = true) => {
    const gtin = ctx.gtin(org, n);
    cat.product[key] = await ctx.product(org, { ...input, ...(withGtin ? { gtin } : {}) });
    if (withGtin) cat.gtin[key] = gtin;
  };
  const site = async (key: string, org: DemoOrg, name: string, kind: string, lat: number, lon: number) => {
    cat.site[key] = await ctx.location(org, {
      name,
      kind,
      divisionCode: org.division,
      localId: key,
      latitude: lat,
      longitude: lon,
    });
  };
  const licence = async (
    key: string,
    org: DemoOrg,
    type: LicenceType,
    number: string,
    expiresOn = '2029-12-31',
  ) => {
    await createLicence(ctx.database.db, org.scope, { type, number, validFrom: '2024-01-01', expiresOn });
    cat.licence[key] = number;
  };
  const o = (k: string) => ctx.get(k);

  await product('tea', o('teaCoop'), 1, {
    name: '遂川狗牯脑茶 (明前特级)',
    category: 'AGRI',
    item: 'AGRI_TEA',
  });
  await product('silkieLive', o('silkieFarm'), 1, {
    name: '泰和乌鸡 (活禽)',
    category: 'AGRI',
    item: 'AGRI_POULTRY',
    attributes: {},
  });
  await product('silkieCarcass', o('silkieFarm'), 2, {
    name: '泰和乌鸡 白条鸡',
    category: 'AGRI',
    item: 'AGRI_POULTRY',
  });
  await product('pigLive', o('pigFarm'), 1, { name: '生猪', category: 'AGRI', item: 'AGRI_PIG' });
  await product('pork', o('slaughterhouse'), 1, { name: '白条猪肉', category: 'AGRI', item: 'AGRI_PIG' });
  await product('vegA', o('vegFarmA'), 1, { name: '新干辣椒', category: 'AGRI', item: 'AGRI_VEGETABLE' });
  await product('vegB', o('vegFarmB'), 1, { name: '新干辣椒', category: 'AGRI', item: 'AGRI_VEGETABLE' });
  await product('vegMix', o('vegCoop'), 1, {
    name: '新干辣椒 (合作社统货)',
    category: 'AGRI',
    item: 'AGRI_VEGETABLE',
  });
  await product('formula', o('dairy'), 1, {
    name: '井冈山 婴幼儿配方奶粉 1段 800g',
    category: 'FOOD',
    item: 'FOOD_INFANT_FORMULA',
    registrationNo: '国食注字YP20160001',
  });
  await product('formulaBase', o('dairy'), 2, {
    name: '全脂乳粉 (原料)',
    category: 'FOOD',
    item: 'FOOD_DAIRY',
  });
  await product('importedPowder', o('importer'), 1, {
    name: '新西兰进口全脂乳粉 1kg',
    category: 'FOOD',
    item: 'FOOD_IMPORTED_MILK_POWDER',
  });
  await product('oil', o('jkqFactory'), 1, {
    name: '井冈山山茶油 5L',
    category: 'FOOD',
    item: 'FOOD_EDIBLE_OIL',
  });
  // The drug's code prefix and its product record belong to its manufacturer (药品上市许可持有人).
  const drugPrefix = `8${String(6000000 + o('drugMaker').index).slice(-6)}`;
  cat.drugPrefix = drugPrefix;
  await product(
    'diazepam',
    o('drugMaker'),
    1,
    {
      name: '地西泮注射液 2ml:10mg',
      category: 'DRUG',
      item: 'DRUG_PSYCHOTROPIC',
      registrationNo: '国药准字H20010001',
      codePrefixes: [`urn:zhuisu:drug-trace-code:${drugPrefix}`],
    },
    false,
  );
  await product('pesticide', o('pesticideDealer'), 1, {
    name: '吡虫啉 10% 可湿性粉剂 100g',
    category: 'INPUT',
    item: 'INPUT_PESTICIDE',
    registrationNo: 'PD20080005',
    attributes: { safetyIntervalDays: 7, activeIngredients: ['吡虫啉'] },
  });
  await product('vetDrug', o('feedMill'), 2, {
    name: '恩诺沙星可溶性粉',
    category: 'INPUT',
    item: 'INPUT_VET_DRUG',
    registrationNo: '兽药字150015233',
    attributes: { withdrawalDays: 8 },
  });
  await product('seed', o('seedDealer'), 1, {
    name: '辣椒种子 湘研15号 10g',
    category: 'INPUT',
    item: 'INPUT_SEED',
  });
  await product('feed', o('feedMill'), 1, {
    name: '育肥猪配合饲料 40kg',
    category: 'INPUT',
    item: 'INPUT_FEED',
  });
  await product(
    'elevator',
    o('elevatorOwner'),
    1,
    { name: '曳引驱动乘客电梯', category: 'EQUIP', item: 'EQUIP_ELEVATOR' },
    false,
  );
  await product(
    'cylinder',
    o('fillingStation'),
    1,
    { name: 'CNG 车用气瓶', category: 'EQUIP', item: 'EQUIP_VEHICLE_CYLINDER' },
    false,
  );
  await product('cyanide', o('chemicals'), 1, {
    name: '氰化钠 (剧毒)',
    category: 'HAZMAT',
    item: 'HAZMAT_HIGHLY_TOXIC',
  });
  await product('fireworks', o('fireworksWholesale'), 1, {
    name: '组合烟花 36 发',
    category: 'HAZMAT',
    item: 'HAZMAT_FIREWORKS',
  });
  cat.detonatorPrefix = '5360';
  await product(
    'detonator',
    o('explosives'),
    1,
    {
      name: '数码电子雷管',
      category: 'HAZMAT',
      item: 'HAZMAT_DETONATOR',
      codePrefixes: ['urn:zhuisu:detonator-code:5360'],
    },
    false,
  );

  await site('teaPlot', o('teaCoop'), '汤湖镇狗牯脑茶园 7 号地块', 'farm_plot', 26.3142, 114.3281);
  await site('silkieBarn', o('silkieFarm'), '武山乌鸡养殖基地 3 号鸡舍', 'farm', 26.7901, 114.9085);
  await site('pigPen', o('pigFarm'), '八都镇养殖场 12 号栏', 'farm', 27.2503, 115.1342);
  await site('slaughter', o('slaughterhouse'), '吉安县定点屠宰车间', 'slaughterhouse', 27.0402, 114.9066);
  await site(
    'wholesaleHall',
    o('wholesale'),
    '农产品批发市场 一号交易大厅',
    'wholesale_market',
    27.1187,
    114.9823,
  );
  await site('stallB017', o('stall'), '文山农贸市场 B-017', 'market_stall', 27.1123, 114.9905);
  await site('store', o('supermarket'), '万佳超市 吉州店', 'store', 27.1139, 114.9781);
  await site('vegPlotA', o('vegFarmA'), '三湖镇 甲 辣椒地', 'farm_plot', 27.7416, 115.3939);
  await site('vegPlotB', o('vegFarmB'), '三湖镇 乙 辣椒地', 'farm_plot', 27.7381, 115.4012);
  await site('vegWarehouse', o('vegCoop'), '绿源合作社 分拣仓', 'warehouse', 27.7552, 115.3871);
  await site('dairyPlant', o('dairy'), '井冈山乳业 配方粉车间', 'factory', 26.7477, 114.2893);
  await site('importWarehouse', o('importer'), '青原区 进口食品保税仓', 'warehouse', 27.1016, 115.0159);
  await site('drugWarehouse', o('drugWholesaler'), '吉安医药 麻精药品专库', 'warehouse', 27.1268, 114.9934);
  await site('pharmacy', o('hospital'), '中心人民医院 住院药房', 'pharmacy', 27.1205, 114.9752);
  await site('pesticideShop', o('pesticideDealer'), '万安县丰收农资门市', 'store', 26.4582, 114.7862);
  await site('building', o('elevatorOwner'), '天虹大厦 1 号梯', 'installation_site', 27.1167, 114.9864);
  await site('station', o('fillingStation'), '河东 CNG 加气站', 'filling_station', 27.1063, 115.0376);
  await site('chemStore', o('chemicals'), '峡江化工 剧毒品专用仓库', 'warehouse', 27.5824, 115.3173);
  await site('platingShop', o('chemBuyer'), '永丰电镀车间', 'factory', 27.3209, 115.4414);
  await site('fireworksStore', o('fireworksWholesale'), '永新烟花批发仓库', 'warehouse', 26.9447, 114.2428);
  await site('fireworksShop', o('fireworksShop'), '鑫盛烟花零售点', 'store', 27.0921, 114.9718);
  await site('magazine', o('explosives'), '永丰民爆 1 号库', 'magazine', 27.3175, 115.4062);
  await site('quarry', o('mine'), '石灰石矿 3 号采区', 'blasting_site', 27.2711, 115.5312);

  await licence('sc', o('dairy'), 'food_production', 'SC10536088100015');
  await licence('supermarketJy', o('supermarket'), 'food_trade', 'JY13608020012345');
  await licence('drugTrade', o('drugWholesaler'), 'special_drug_trade', '赣AA7960001');
  await licence('pesticideTrade', o('pesticideDealer'), 'pesticide_trade', '农药经许(赣)36082820001');
  await licence('seedTrade', o('seedDealer'), 'seed_trade', 'D(赣吉)农种许字(2024)第0012号');
  await licence('lift', o('elevatorService'), 'special_equipment', 'TS3336001-2021');
  await licence('filling', o('fillingStation'), 'special_equipment', 'TS4236001-2024');
  await licence('hazchem', o('chemicals'), 'hazchem_trade', '赣吉危化经字[2024]000012');
  await licence('hazTransport', o('chemicals'), 'hazmat_transport', '赣交运管许可吉字360823000012号');
  await licence(
    'fireworksPf',
    o('fireworksWholesale'),
    'fireworks_wholesale',
    '(赣)YH经许证字[2024]PF0012号',
  );
  await licence('fireworksLs', o('fireworksShop'), 'fireworks_retail', '(赣)YH经许证字[2024]LS0201号');
  await licence('explosivesSale', o('explosives'), 'explosives_sale', '赣民爆销许字[2024]0007号');
  await licence('blasting', o('mine'), 'blasting', '3608001300012');
  await licence('slaughter', o('slaughterhouse'), 'slaughter', 'A36082101');

  // 18-digit 设备代码 whose last digit happens to be a valid GS1 check digit read as SSCCs (codes module
  // precedence), so the demo skips those sequence numbers.
  const deviceCodes = (variety: string, maker: string, year: string, count: number) => {
    const out: string[] = [];
    for (let seq = 1; out.length < count; seq++) {
      const code = `${variety}${maker}${year}${String(seq).padStart(5, '0')}`;
      if (!isValidGs1CheckDigit(code)) out.push(code);
    }
    return out;
  };
  for (const code of deviceCodes('3110', '10890', '2019', 2)) {
    const i = cat.elevators.length + 1;
    const eq = await createEquipment(ctx.database.db, o('elevatorOwner').scope, {
      item: 'EQUIP_ELEVATOR',
      code,
      productId: cat.product.elevator!,
      useRegistrationNo: `梯11赣D0000${i}(19)`,
      nextInspectionOn: '2026-12-15',
      nextMaintenanceOn: '2026-09-10',
    });
    cat.elevators.push({ identifier: eq.identifier, code });
  }
  for (const code of deviceCodes('2310', '20211', '2022', 3)) {
    const next = '2027-03-01';
    const eq = await createEquipment(ctx.database.db, o('fillingStation').scope, {
      item: 'EQUIP_VEHICLE_CYLINDER',
      code,
      productId: cat.product.cylinder!,
      nextInspectionOn: next,
      nominalPressureMPa: 20,
    });
    cat.cylinders.push({ identifier: eq.identifier, code, nextInspection: next });
  }
  return cat;
}
