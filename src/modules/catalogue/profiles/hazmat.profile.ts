/**
 * 危险品: production → sale → storage → transport → use → destruction, with flow registration for fireworks
 * and civil explosives and a per-job issue/use/return balance for explosives (DESIGN.md; plan 二(七)).
 */
import type { ItemCode } from '../catalogue.js';
import { zsBizStep } from '../namespace.js';
import type { CategoryProfile, ElementUse } from '../profile.types.js';
import { detonatorCountRule, detonatorJobBalanceRule } from '../rules-explosives.js';
import { opt, req, reqFor } from './stage-kit.js';

const CHEM: readonly ItemCode[] = [
  'HAZMAT_HIGHLY_TOXIC',
  'HAZMAT_EXPLOSIVE_PRECURSOR',
  'HAZMAT_KEY_SUPERVISED',
];
const CIVIL: readonly ItemCode[] = ['HAZMAT_INDUSTRIAL_EXPLOSIVE', 'HAZMAT_DETONATOR'];
const CHEM_LAW = '危险化学品安全管理条例';
const CIVIL_LAW = '民用爆炸物品安全管理条例';
const FIREWORKS_LAW = '烟花爆竹安全管理条例';
// Records of issue and return name kind, quantity, codes and people (CHINA-TRACE-FACTS §5 [confirmed]).
const BLASTING = `${CIVIL_LAW}: 领取、发放、清退 records (品种, 数量, 编号, 人员)`;

const jobElements: readonly ElementUse[] = [
  req('blastingJobId', BLASTING),
  reqFor(['HAZMAT_DETONATOR'], 'detonatorCount', BLASTING),
  reqFor(['HAZMAT_INDUSTRIAL_EXPLOSIVE'], 'explosiveMassKg', BLASTING),
  req('handlerIds', BLASTING),
];

/** The HAZMAT life-cycle profile. */
export const HAZMAT_PROFILE: CategoryProfile = {
  category: 'HAZMAT',
  stages: [
    {
      id: 'HAZMAT.production',
      zh: '生产',
      en: 'Production',
      bizStep: 'commissioning',
      eventTypes: ['ObjectEvent', 'TransformationEvent'],
      elements: [
        req(
          'productionLicenceNo',
          `${CHEM_LAW} 安全生产许可; ${CIVIL_LAW} 生产许可; ${FIREWORKS_LAW} 生产许可`,
          'ilmd',
        ),
        opt('unNumber', 'GB 12268', 'ilmd'),
        opt('fireworksFlowCode', 'AQ 4102-2008 (structure not found, so optional)', 'ilmd'),
      ],
      source: `${CHEM_LAW}; ${CIVIL_LAW}; ${FIREWORKS_LAW}`,
    },
    {
      id: 'HAZMAT.sale',
      zh: '销售',
      en: 'Sale',
      bizStep: 'shipping',
      elements: [
        req('dealerLicenceNo', `${CHEM_LAW} 经营许可; ${CIVIL_LAW} 销售许可; ${FIREWORKS_LAW} 批发许可 (PF)`),
        reqFor(
          ['HAZMAT_HIGHLY_TOXIC', 'HAZMAT_EXPLOSIVE_PRECURSOR', 'HAZMAT_FIREWORKS', ...CIVIL],
          'buyerPermitNo',
          `${CHEM_LAW} 剧毒化学品购买许可证 / 易制爆 buyer's licence; ${CIVIL_LAW} 购买许可证; ${FIREWORKS_LAW} 零售许可 (LS)`,
        ),
        opt('psbFilingNo', `${CHEM_LAW} 第四十一条: filed within 5 days (CHINA-TRACE-FACTS §4), may follow`),
        opt('fireworksFlowCode', 'AQ 4102-2008'),
      ],
      source: `${CHEM_LAW} 第四十一条; ${CIVIL_LAW}; ${FIREWORKS_LAW}`,
    },
    {
      id: 'HAZMAT.storage',
      zh: '储存',
      en: 'Storage',
      bizStep: 'storing',
      elements: [opt('unNumber', 'GB 12268')],
      source: `${CHEM_LAW}; ${CIVIL_LAW} 储存`,
    },
    {
      id: 'HAZMAT.transport',
      zh: '运输',
      en: 'Transport',
      bizStep: 'transporting',
      elements: [
        req(
          'transportPermitNo',
          `${CHEM_LAW} 第五十条 剧毒化学品道路运输通行证 / carrier licence; ${CIVIL_LAW} 运输许可证; ${FIREWORKS_LAW} 道路运输许可证`,
        ),
        req('vehiclePlate', `${CHEM_LAW} 第四十三条 专用车辆`),
        req('driverQualificationNo', `${CHEM_LAW} 第四十四条 从业资格`),
        opt('escortQualificationNo', `${CHEM_LAW} 第四十四条 (optional: not in the facts file)`),
        opt('unNumber', 'GB 12268'),
      ],
      source: `${CHEM_LAW} 第四十三条, 第四十四条, 第五十条; ${CIVIL_LAW}; ${FIREWORKS_LAW}`,
    },
    {
      id: 'HAZMAT.chemical_use',
      zh: '使用',
      en: 'Use of a chemical',
      bizStep: zsBizStep('chemical_use'),
      items: CHEM,
      elements: [opt('useLicenceNo', `${CHEM_LAW} 第二十九条 (only some users)`)],
      source: `${CHEM_LAW}; plan 二(七) 使用`,
    },
    {
      id: 'HAZMAT.explosive_issue',
      zh: '领取发放',
      en: 'Issue to a blasting job',
      bizStep: zsBizStep('explosive_issue'),
      items: CIVIL,
      eventTypes: ['ObjectEvent'],
      elements: jobElements,
      rules: [detonatorCountRule],
      source: BLASTING,
    },
    {
      id: 'HAZMAT.blasting_use',
      zh: '爆破使用',
      en: 'Blasting use',
      bizStep: zsBizStep('blasting_use'),
      items: CIVIL,
      eventTypes: ['ObjectEvent'],
      elements: [...jobElements, req('blastingLicenceNo', `${CIVIL_LAW} 爆破作业单位许可证`)],
      rules: [detonatorCountRule, detonatorJobBalanceRule],
      source: BLASTING,
    },
    {
      id: 'HAZMAT.explosive_return',
      zh: '清退回库',
      en: 'Return to the magazine',
      bizStep: zsBizStep('explosive_return'),
      items: CIVIL,
      eventTypes: ['ObjectEvent'],
      elements: jobElements,
      rules: [detonatorCountRule, detonatorJobBalanceRule],
      source: `${BLASTING}; 当班清退`,
    },
    {
      id: 'HAZMAT.fireworks_retail',
      zh: '零售',
      en: 'Retail sale of fireworks',
      bizStep: 'retail_selling',
      items: ['HAZMAT_FIREWORKS'],
      elements: [
        req('dealerLicenceNo', `${FIREWORKS_LAW} 零售许可证 (LS)`),
        opt('fireworksFlowCode', 'AQ 4102-2008'),
      ],
      source: `${FIREWORKS_LAW}; AQ 4102-2008 流向登记`,
    },
    {
      id: 'HAZMAT.destruction',
      zh: '销毁',
      en: 'Destruction',
      bizStep: 'destroying',
      elements: [opt('destructionApprovalNo', `${CHEM_LAW}; ${CIVIL_LAW} 销毁`)],
      source: `${CHEM_LAW}; ${CIVIL_LAW}; plan 二(七) 销毁`,
    },
  ],
};
