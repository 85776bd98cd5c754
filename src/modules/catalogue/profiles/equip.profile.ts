/**
 * 特种设备: manufacture → installation → use registration → maintenance → periodic inspection →
 * (cylinders) filling → repair → scrapping (DESIGN.md; plan 二(六)). The equipment itself is the epc.
 */
import type { ItemCode } from '../catalogue.js';
import { zsBizStep } from '../namespace.js';
import type { CategoryProfile } from '../profile.types.js';
import {
  cylinderNotOverdueRule,
  fillingPressureRule,
  maintenanceDueRule,
  nextDueRule,
} from '../rules-equipment.js';
import { opt, req, reqFor } from './stage-kit.js';

const LAW = '特种设备安全法';
const ELEVATOR: readonly ItemCode[] = ['EQUIP_ELEVATOR'];

/** The EQUIP life-cycle profile. */
export const EQUIP_PROFILE: CategoryProfile = {
  category: 'EQUIP',
  stages: [
    {
      id: 'EQUIP.manufacture',
      zh: '制造',
      en: 'Manufacture',
      bizStep: 'commissioning',
      eventTypes: ['ObjectEvent'],
      elements: [
        req('equipmentCode', 'TSG 08-2017 设备代码 assigned at manufacture', 'ilmd'),
        req('manufacturingLicenceNo', `${LAW} 第十八条 制造许可`, 'ilmd'),
      ],
      source: `${LAW} 第十八条; TSG 08-2017`,
    },
    {
      id: 'EQUIP.installation',
      zh: '安装',
      en: 'Installation',
      bizStep: 'installing',
      items: ['EQUIP_ELEVATOR', 'EQUIP_VEHICLE_CYLINDER'],
      elements: [
        req('installerLicenceNo', `${LAW} 第二十二条 安装许可`),
        opt('constructionNoticeNo', `${LAW} 第二十三条 书面告知`),
      ],
      source: `${LAW} 第二十二条, 第二十三条; plan 二(六)`,
    },
    {
      id: 'EQUIP.use_registration',
      zh: '使用登记',
      en: 'Use registration',
      bizStep: zsBizStep('use_registration'),
      elements: [
        req('useRegistrationNo', `${LAW} 第三十三条 使用登记`),
        opt('registrationAuthority', 'TSG 08-2017'),
      ],
      source: `${LAW} 第三十三条; TSG 08-2017`,
    },
    {
      id: 'EQUIP.maintenance',
      zh: '维护保养',
      en: 'Maintenance',
      bizStep: zsBizStep('maintenance'),
      items: ['EQUIP_ELEVATOR', 'EQUIP_MOBILE_PRESSURE_VESSEL'],
      elements: [
        reqFor(ELEVATOR, 'maintenanceLicenceNo', `${LAW} 第四十五条 维保单位取得许可`),
        reqFor(ELEVATOR, 'nextMaintenanceDue', 'TSG T5002-2017 半月维保 (from memory)'),
        opt('maintenanceType', 'TSG T5002-2017'),
      ],
      rules: [maintenanceDueRule],
      source: `${LAW} 第四十五条; TSG T5002-2017`,
    },
    {
      id: 'EQUIP.periodic_inspection',
      zh: '定期检验',
      en: 'Periodic inspection',
      bizStep: zsBizStep('periodic_inspection'),
      elements: [
        req('inspectionReportNo', `${LAW} 第四十条`),
        req('inspectionConclusion', `${LAW} 第四十条`),
        req(
          'nextInspectionDate',
          `${LAW} 第四十条 (use unit requests the next one a month before it is due)`,
        ),
      ],
      rules: [nextDueRule('nextInspectionDate')],
      source: `${LAW} 第四十条`,
    },
    {
      id: 'EQUIP.filling',
      zh: '充装',
      en: 'Filling',
      bizStep: zsBizStep('filling'),
      items: ['EQUIP_VEHICLE_CYLINDER'],
      eventTypes: ['ObjectEvent'],
      elements: [
        req('cylinderCode', 'TSG 23-2021 充装记录'),
        req('fillingPressureMPa', 'TSG 23-2021 充装记录'),
        req('nextInspectionDate', 'TSG 23-2021 充装前检查: 超期未检不得充装'),
        req('fillingLicenceNo', `${LAW} 第四十九条 充装许可`),
        opt('fillingMedium', 'TSG 23-2021'),
      ],
      rules: [cylinderNotOverdueRule, fillingPressureRule],
      source: `${LAW} 第四十九条; TSG 23-2021`,
    },
    {
      id: 'EQUIP.repair',
      zh: '修理',
      en: 'Repair',
      bizStep: 'repairing',
      elements: [req('installerLicenceNo', `${LAW} 第二十二条 修理许可`)],
      source: `${LAW} 第二十二条; plan 二(六) 修理`,
    },
    {
      id: 'EQUIP.scrapping',
      zh: '报废注销',
      en: 'Scrapping',
      bizStep: 'decommissioning',
      elements: [opt('deregistrationNo', `${LAW} 第四十八条 注销`)],
      source: `${LAW} 第四十八条`,
    },
  ],
};
