/**
 * 食用农产品: planting/breeding (inputs used) → harvest or quarantine and slaughter → testing → certificate
 * of compliance → wholesale → retail (DESIGN.md; plan 二(二)).
 */
import type { ItemCode } from '../catalogue.js';
import { zsBizStep } from '../namespace.js';
import type { CategoryProfile } from '../profile.types.js';
import { certificationRule, withholdingRule } from '../rules-farm.js';
import {
  feedUse,
  fertiliserApplication,
  opt,
  pesticideApplication,
  req,
  reqFor,
  vetDrugUse,
} from './stage-kit.js';

const CROPS: readonly ItemCode[] = ['AGRI_VEGETABLE', 'AGRI_FRUIT', 'AGRI_TEA'];
const LIVESTOCK: readonly ItemCode[] = ['AGRI_PIG', 'AGRI_POULTRY'];
const FARMED: readonly ItemCode[] = [...LIVESTOCK, 'AGRI_FRESHWATER'];
// 农业农村部令2025年第4号 (in force 2026-02-01; CHINA-TRACE-FACTS §3.1 [confirmed]).
const CERT_RULE = '农产品质量安全承诺达标合格证管理办法 (农业农村部令2025年第4号)';
// Pork after slaughter leaves the certificate regime for the quarantine certificate (CHINA-TRACE-FACTS §3.1).
const QUARANTINE_RULE = '动物防疫法 (2021): animals and animal products travel with a quarantine certificate';

/** The AGRI life-cycle profile. */
export const AGRI_PROFILE: CategoryProfile = {
  category: 'AGRI',
  stages: [
    pesticideApplication('AGRI', CROPS),
    fertiliserApplication('AGRI', CROPS),
    feedUse('AGRI', FARMED),
    vetDrugUse('AGRI', FARMED),
    {
      id: 'AGRI.harvesting',
      zh: '采收/捕捞',
      en: 'Harvest',
      bizStep: zsBizStep('harvesting'),
      items: [...CROPS, 'AGRI_FRESHWATER'],
      eventTypes: ['ObjectEvent', 'TransformationEvent'],
      elements: [
        reqFor(CROPS, 'plotId', '农产品质量安全法 (2022) 第二十七条 生产记录 (产地)', 'ilmd'),
        reqFor(['AGRI_FRESHWATER'], 'herdId', '农产品质量安全法 (2022) 第二十七条 生产记录 (塘口)', 'ilmd'),
        opt('certification', 'city plan annex: 无公害/绿色/有机', 'ilmd'),
        opt('certificationNo', 'required with certification (rule certification_number)', 'ilmd'),
      ],
      rules: [
        withholdingRule('pesticide', CROPS),
        withholdingRule('vet_drug', ['AGRI_FRESHWATER']),
        certificationRule,
      ],
      source: '农药管理条例 (2017) 第三十四条 安全间隔期; 兽药管理条例 休药期',
    },
    {
      id: 'AGRI.quarantine',
      zh: '产地检疫',
      en: 'Origin quarantine',
      bizStep: zsBizStep('quarantine'),
      items: LIVESTOCK,
      elements: [req('quarantineCertNo', QUARANTINE_RULE), req('quarantineResult', QUARANTINE_RULE)],
      source: '动物防疫法 (2021) 产地检疫 (article numbers not in the facts file)',
    },
    {
      id: 'AGRI.slaughter',
      zh: '屠宰',
      en: 'Slaughter',
      // CBV 2.0 `killing`: terminating the life of an animal.
      bizStep: 'killing',
      items: LIVESTOCK,
      eventTypes: ['ObjectEvent', 'TransformationEvent'],
      elements: [
        req('quarantineCertNo', '生猪屠宰管理条例 (2021): 查验 the quarantine certificate on intake'),
        opt('slaughterLicenceNo', '生猪屠宰管理条例 (2021) 定点屠宰'),
      ],
      rules: [withholdingRule('vet_drug')],
      source: '生猪屠宰管理条例 (2021); 兽药管理条例 休药期',
    },
    {
      id: 'AGRI.testing',
      zh: '检测',
      en: 'Testing',
      bizStep: 'inspecting',
      elements: [
        req('testResult', `${CERT_RULE}: 自行检测/委托检测 basis`),
        opt('testMethod', 'rapid or quantitative'),
        opt('testReportNo', 'commissioned tests have a report'),
      ],
      source: CERT_RULE,
    },
    {
      id: 'AGRI.certificate_issue',
      zh: '开具承诺达标合格证',
      en: 'Certificate of compliance issued',
      bizStep: zsBizStep('certificate_issue'),
      elements: [
        req('certificateNo', CERT_RULE),
        req('certificatePromise', `${CERT_RULE} 第十四条 承诺事项`),
        req('certificateBasis', `${CERT_RULE} 第十四条 承诺依据`),
        req('originDivision', `${CERT_RULE} 第十四条 产地`),
        req('issuerContact', `${CERT_RULE} 第十四条 联系方式`),
      ],
      source: `${CERT_RULE} 第十四条 (per batch for companies and cooperatives)`,
    },
    {
      id: 'AGRI.receiving',
      zh: '收购/进货',
      en: 'Receiving',
      bizStep: 'receiving',
      elements: [
        reqFor([...CROPS, 'AGRI_FRESHWATER'], 'certificateNo', `${CERT_RULE}: 无证不得收购`),
        reqFor(LIVESTOCK, 'quarantineCertNo', QUARANTINE_RULE),
      ],
      source: `${CERT_RULE}; ${QUARANTINE_RULE}`,
    },
    {
      id: 'AGRI.shipping',
      zh: '发货',
      en: 'Shipping',
      bizStep: 'shipping',
      elements: [opt('certificateNo', CERT_RULE), opt('quarantineCertNo', QUARANTINE_RULE)],
      source: 'GB/T 38156-2019 交易记录',
    },
    {
      id: 'AGRI.retail',
      zh: '零售',
      en: 'Retail sale',
      bizStep: 'retail_selling',
      elements: [opt('marketStall', 'market practice'), opt('certificateNo', CERT_RULE)],
      source: 'GB/T 38156-2019 交易记录',
    },
  ],
};
