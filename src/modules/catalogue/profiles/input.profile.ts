/**
 * 农业生产资料: registration (master data) → production → sale → use on a plot or herd (DESIGN.md; plan
 * 二(五)). The use stages are the same as on the farm side, so an event is checked the same way whether
 * it is captured about the crop or about the input.
 */
import type { ItemCode } from '../catalogue.js';
import { zsBizStep } from '../namespace.js';
import type { CategoryProfile } from '../profile.types.js';
import { notAfterEventRule } from '../rules-farm.js';
import {
  feedUse,
  fertiliserApplication,
  opt,
  pesticideApplication,
  req,
  reqFor,
  vetDrugUse,
} from './stage-kit.js';

const LICENSED_PRODUCTION: readonly ItemCode[] = [
  'INPUT_PESTICIDE',
  'INPUT_VET_DRUG',
  'INPUT_FEED',
  'INPUT_SEED',
];
const LICENSED_TRADE: readonly ItemCode[] = ['INPUT_PESTICIDE', 'INPUT_VET_DRUG', 'INPUT_SEED'];
const PRODUCTION_RULES =
  '农药管理条例 (2017) 农药生产许可证; 兽药管理条例 兽药生产许可证; 饲料和饲料添加剂管理条例 生产许可证; 种子法 种子生产经营许可证';
// Pesticide dealers keep purchase and sales ledgers ≥ 2 years (CHINA-TRACE-FACTS §5 [confirmed]).
const TRADE_RULES =
  '农药管理条例 (2017) 农药经营许可证; 兽药管理条例 兽药经营许可证; 种子法 种子生产经营许可证';

/** The INPUT life-cycle profile. */
export const INPUT_PROFILE: CategoryProfile = {
  category: 'INPUT',
  stages: [
    {
      id: 'INPUT.production',
      zh: '生产',
      en: 'Production',
      bizStep: 'commissioning',
      eventTypes: ['ObjectEvent', 'TransformationEvent'],
      elements: [
        reqFor(LICENSED_PRODUCTION, 'productionLicenceNo', PRODUCTION_RULES, 'ilmd'),
        reqFor(['INPUT_PESTICIDE'], 'pesticideRegNo', '农药管理条例 (2017) 农药登记', 'ilmd'),
        reqFor(['INPUT_VET_DRUG'], 'vetDrugApprovalNo', '兽药管理条例 兽药产品批准文号', 'ilmd'),
        opt('fertiliserRegNo', '肥料登记管理办法 (only some fertilisers)', 'ilmd'),
        opt('varietyNo', '种子法 品种审定/登记 (main crops)', 'ilmd'),
        opt('safetyIntervalDays', 'pesticide label 安全间隔期', 'ilmd'),
        opt('withdrawalDays', 'veterinary-drug label 休药期', 'ilmd'),
      ],
      source: PRODUCTION_RULES,
    },
    {
      id: 'INPUT.sale',
      zh: '经营销售',
      en: 'Sale to a dealer or farm',
      bizStep: 'shipping',
      elements: [reqFor(LICENSED_TRADE, 'dealerLicenceNo', TRADE_RULES), opt('buyerName', 'sales ledger')],
      source: `${TRADE_RULES}; sales ledger ≥ 2 years`,
    },
    {
      id: 'INPUT.retail',
      zh: '零售',
      en: 'Retail sale to a farmer',
      bizStep: 'retail_selling',
      elements: [reqFor(LICENSED_TRADE, 'dealerLicenceNo', TRADE_RULES), opt('buyerName', 'sales ledger')],
      source: `${TRADE_RULES}; sales ledger ≥ 2 years`,
    },
    pesticideApplication('INPUT', ['INPUT_PESTICIDE']),
    vetDrugUse('INPUT', ['INPUT_VET_DRUG']),
    feedUse('INPUT', ['INPUT_FEED']),
    fertiliserApplication('INPUT', ['INPUT_FERTILISER']),
    {
      id: 'INPUT.sowing',
      zh: '播种',
      en: 'Sowing',
      bizStep: zsBizStep('sowing'),
      items: ['INPUT_SEED'],
      eventTypes: ['ObjectEvent'],
      elements: [
        req('plotId', '农产品质量安全法 (2022) 第二十七条 生产记录'),
        req('applicationDate', '农产品质量安全法 (2022) 第二十七条 生产记录'),
        opt('sowingQuantity', 'use record detail'),
      ],
      rules: [notAfterEventRule('applicationDate')],
      source: '农产品质量安全法 (2022) 第二十七条',
    },
  ],
};
