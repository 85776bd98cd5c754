/**
 * 药品 (special drugs): manufacture → wholesale → hospital/pharmacy receipt → dispensing to a patient;
 * destruction under supervision (DESIGN.md; plan 二(四)). Every pack carries its trace code in epcList.
 */
import type { CategoryProfile } from '../profile.types.js';
import { opt, req } from './stage-kit.js';

const SPECIAL = '麻醉药品和精神药品管理条例';

/** The DRUG life-cycle profile. */
export const DRUG_PROFILE: CategoryProfile = {
  category: 'DRUG',
  stages: [
    {
      id: 'DRUG.manufacture',
      zh: '生产',
      en: 'Manufacture',
      bizStep: 'commissioning',
      eventTypes: ['ObjectEvent', 'TransformationEvent'],
      elements: [
        req('drugApprovalNo', '药品管理法 (2019) 药品注册; NMPAB/T 1002-2019', 'ilmd'),
        req('productionLicenceNo', '药品管理法 (2019) 药品生产许可证', 'ilmd'),
      ],
      source: '药品管理法 (2019); NMPAB/T 1001/1002-2019',
    },
    {
      id: 'DRUG.wholesale',
      zh: '批发销售',
      en: 'Wholesale shipping',
      bizStep: 'shipping',
      elements: [
        req('dealerLicenceNo', '药品管理法 (2019) 药品经营许可证'),
        opt('purchaseCardNo', `${SPECIAL} 印鉴卡 (optional: not in the facts file)`),
      ],
      source: `药品管理法 (2019); ${SPECIAL}`,
    },
    {
      id: 'DRUG.receiving',
      zh: '验收入库',
      en: 'Receipt',
      bizStep: 'receiving',
      elements: [opt('receivingCheckers', 'GSP double check (optional: from memory, not in the facts file)')],
      source: 'GSP 药品经营质量管理规范 (records ≥ 5 years, CHINA-TRACE-FACTS §5)',
    },
    {
      id: 'DRUG.dispensing',
      zh: '调配发药',
      en: 'Dispensing to a patient',
      bizStep: 'dispensing',
      eventTypes: ['ObjectEvent'],
      elements: [
        req('prescriptionNo', `${SPECIAL} 第四十一条 (prescriptions kept 3 years 麻醉, 2 years 精神)`),
        req('patientIdHash', '个人信息保护法 第二十八条, 第五十一条: medical data only as a hash'),
        opt('prescriberId', '处方管理办法'),
      ],
      source: `${SPECIAL} 第四十一条; 个人信息保护法`,
    },
    {
      id: 'DRUG.destruction',
      zh: '销毁',
      en: 'Destruction',
      bizStep: 'destroying',
      elements: [opt('destructionSupervisor', `${SPECIAL} 监督销毁 (optional: not in the facts file)`)],
      source: SPECIAL,
    },
  ],
};
