/**
 * 食品: raw-material receipt → production → release inspection → distribution → retail; imports add
 * importer filing, declaration and entry inspection, and sales records (DESIGN.md; plan 二(三)).
 */
import type { ItemCode } from '../catalogue.js';
import { zsBizStep } from '../namespace.js';
import type { CategoryProfile } from '../profile.types.js';
import { opt, req, reqFor } from './stage-kit.js';

const DOMESTIC: readonly ItemCode[] = ['FOOD_INFANT_FORMULA', 'FOOD_DAIRY', 'FOOD_EDIBLE_OIL', 'FOOD_BAIJIU'];
const IMPORTED: readonly ItemCode[] = ['FOOD_IMPORTED_WINE', 'FOOD_IMPORTED_MILK_POWDER'];
const LAW = '食品安全法 (2021)';

/** The FOOD life-cycle profile. */
export const FOOD_PROFILE: CategoryProfile = {
  category: 'FOOD',
  stages: [
    {
      id: 'FOOD.receiving',
      zh: '进货查验',
      en: 'Receipt check',
      bizStep: 'receiving',
      elements: [
        req('supplierLicenceNo', `${LAW} 第五十条 (producers), 第五十三条 (traders): 查验供货者的许可证`),
        opt('conformityProof', `${LAW} 第五十条 产品合格证明`),
      ],
      source: `${LAW} 第五十条, 第五十三条 (records kept 6 months past shelf life, CHINA-TRACE-FACTS §5)`,
    },
    {
      id: 'FOOD.production',
      zh: '生产',
      en: 'Production',
      bizStep: 'commissioning',
      items: DOMESTIC,
      eventTypes: ['ObjectEvent', 'TransformationEvent'],
      elements: [
        req('scLicenceNo', `${LAW} 第三十五条 食品生产许可`, 'ilmd'),
        reqFor(
          ['FOOD_INFANT_FORMULA'],
          'formulaRegNo',
          `${LAW} 第八十一条 婴幼儿配方乳粉产品配方注册`,
          'ilmd',
        ),
      ],
      source: `${LAW} 第三十五条, 第八十一条`,
    },
    {
      id: 'FOOD.inspection',
      zh: '出厂检验',
      en: 'Release inspection',
      bizStep: 'inspecting',
      elements: [
        req('inspectionResult', `${LAW} 第五十一条 出厂检验记录`),
        opt('inspectionReportNo', `${LAW} 第五十一条`),
      ],
      source: `${LAW} 第五十一条`,
    },
    {
      id: 'FOOD.import_clearance',
      zh: '进口通关与检验',
      en: 'Import clearance',
      bizStep: zsBizStep('import_clearance'),
      items: IMPORTED,
      elements: [
        req('importerFilingNo', `${LAW} 第九十六条 进口商备案`),
        req('customsDeclarationNo', '海关法: import declaration'),
        req('entryInspectionCertNo', `${LAW} 第九十二条 进口的食品经出入境检验检疫机构检验合格`),
        opt('originCountry', 'ISO 3166-1'),
        opt('chineseLabel', `${LAW} 第九十七条 中文标签`),
      ],
      source: `${LAW} 第九十二条, 第九十六条; plan 二(三) ¶2`,
    },
    {
      id: 'FOOD.shipping',
      zh: '销售发货',
      en: 'Shipping',
      bizStep: 'shipping',
      elements: [
        reqFor(IMPORTED, 'buyerName', `${LAW} 第九十八条 进口和销售记录`),
        reqFor(IMPORTED, 'buyerContact', `${LAW} 第九十八条 进口和销售记录`),
      ],
      source: `${LAW} 第五十条, 第九十八条`,
    },
    {
      id: 'FOOD.retail',
      zh: '零售',
      en: 'Retail sale',
      bizStep: 'retail_selling',
      elements: [],
      source: 'GB/T 38156-2019 交易记录',
    },
  ],
};
