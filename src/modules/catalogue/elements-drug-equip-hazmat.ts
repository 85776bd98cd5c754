/**
 * Data elements of drugs, special equipment and hazardous goods. Each is declared once; stages say
 * whether they require or allow it and under which rule.
 */
import {
  checkCylinderCode,
  checkDocumentNumber,
  checkDrugApprovalNo,
  checkEquipmentCode,
  checkEquipmentLicence,
  checkUseRegistrationNo,
  checkVehiclePlate,
} from './formats.js';
import type { ElementDef } from './profile.types.js';

const doc = (v: string) => checkDocumentNumber(v);

/** Elements of the DRUG, EQUIP and HAZMAT profiles. */
export const DRUG_EQUIP_HAZMAT_ELEMENTS: readonly ElementDef[] = [
  // -- drugs
  { name: 'drugApprovalNo', zh: '药品批准文号', en: 'Drug approval number', kind: 'string', check: checkDrugApprovalNo, source: 'NMPAB/T 1002-2019 links the trace code to it (CHINA-TRACE-FACTS §2.2)' },
  { name: 'purchaseCardNo', zh: '麻醉药品和第一类精神药品购用印鉴卡编号', en: 'Purchase seal card number', kind: 'string', check: doc, source: '麻醉药品和精神药品管理条例 印鉴卡 (article not in facts file)' },
  { name: 'receivingCheckers', zh: '验收人员', en: 'Receiving checkers (staff ids)', kind: 'string_list', min: 2, maxLength: 64, source: 'GSP double check of specially controlled drugs (from memory, not in facts file)' },
  { name: 'prescriptionNo', zh: '处方编号', en: 'Prescription number', kind: 'string', check: doc, source: '麻醉药品和精神药品管理条例 第四十一条 (CHINA-TRACE-FACTS §5)' },
  { name: 'patientIdHash', zh: '患者标识(哈希)', en: 'Patient id (hashed)', kind: 'hashed_id', source: '个人信息保护法 第二十八条 (medical data is sensitive), 第五十一条 (encryption, de-identification)' },
  { name: 'prescriberId', zh: '处方医师编号', en: 'Prescriber id', kind: 'string', check: doc, source: '处方管理办法 (optional detail)' },
  { name: 'destructionSupervisor', zh: '监督销毁部门', en: 'Supervising department of destruction', kind: 'string', maxLength: 100, source: '麻醉药品和精神药品管理条例 销毁 under supervision (article not in facts file)' },
  // -- special equipment
  { name: 'equipmentCode', zh: '设备代码', en: 'Equipment code', kind: 'string', check: checkEquipmentCode, source: 'TSG 08-2017 附件 设备代码; CHINA-TRACE-FACTS §2.7' },
  { name: 'manufacturingLicenceNo', zh: '制造许可证编号', en: 'Manufacturing licence number', kind: 'string', check: checkEquipmentLicence, source: '特种设备安全法 第十八条 制造许可' },
  { name: 'installerLicenceNo', zh: '安装改造修理许可证编号', en: 'Installation/repair licence number', kind: 'string', check: checkEquipmentLicence, source: '特种设备安全法 第二十二条 安装改造修理许可' },
  { name: 'constructionNoticeNo', zh: '施工告知编号', en: 'Construction notice number', kind: 'string', check: doc, source: '特种设备安全法 第二十三条 书面告知' },
  { name: 'useRegistrationNo', zh: '使用登记证编号', en: 'Use registration number', kind: 'string', check: checkUseRegistrationNo, source: '特种设备安全法 第三十三条; TSG 08-2017; CHINA-TRACE-FACTS §2.7c' },
  { name: 'registrationAuthority', zh: '登记机关', en: 'Registration authority', kind: 'string', maxLength: 100, source: 'TSG 08-2017' },
  { name: 'maintenanceLicenceNo', zh: '维保单位许可证编号', en: "Maintenance company's licence number", kind: 'string', check: checkEquipmentLicence, source: '特种设备安全法 第四十五条 电梯维保由取得许可的单位进行' },
  { name: 'nextMaintenanceDue', zh: '下次维保日期', en: 'Next maintenance due date', kind: 'date', source: 'TSG T5002-2017 半月维保 (15 days; from memory, not in facts file)' },
  { name: 'maintenanceType', zh: '维保类型', en: 'Maintenance type', kind: 'enum', values: ['half_monthly', 'quarterly', 'half_yearly', 'yearly'], source: 'TSG T5002-2017' },
  { name: 'inspectionReportNo', zh: '检验报告编号', en: 'Inspection report number', kind: 'string', check: doc, source: '特种设备安全法 第四十条 定期检验' },
  { name: 'inspectionConclusion', zh: '检验结论', en: 'Inspection conclusion', kind: 'enum', values: ['pass', 'pass_after_rectification', 'fail'], source: '特种设备安全法 第四十条: 未经定期检验或者检验不合格的不得继续使用' },
  { name: 'nextInspectionDate', zh: '下次检验日期', en: 'Next inspection date', kind: 'date', source: '特种设备安全法 第四十条; TSG 23-2021 气瓶定期检验' },
  { name: 'cylinderCode', zh: '气瓶编号', en: 'Cylinder code', kind: 'string', check: checkCylinderCode, source: 'TSG 23-2021 气瓶追溯 (layout not retrieved, CHINA-TRACE-FACTS §2.7)' },
  { name: 'fillingPressureMPa', zh: '充装压力(MPa)', en: 'Filling pressure (MPa)', kind: 'decimal', min: 0.01, max: 100, source: 'TSG 23-2021 充装记录; 70 MPa hydrogen cylinders bound the range' },
  { name: 'fillingMedium', zh: '充装介质', en: 'Filling medium', kind: 'enum', values: ['CNG', 'LNG', 'LPG', 'H2', 'DME'], source: 'TSG 23-2021' },
  { name: 'fillingLicenceNo', zh: '充装许可证编号', en: 'Filling licence number', kind: 'string', check: doc, source: '特种设备安全法 第四十九条 充装单位取得许可' },
  { name: 'deregistrationNo', zh: '注销登记编号', en: 'Deregistration number', kind: 'string', check: doc, source: '特种设备安全法 第四十八条 报废注销' },
  // -- hazardous goods
  { name: 'buyerPermitNo', zh: '购买许可证/证明编号', en: "Buyer's purchase permit number", kind: 'string', check: doc, source: 'per stage' },
  { name: 'psbFilingNo', zh: '公安流向备案号', en: 'Public-security flow filing number', kind: 'string', check: doc, source: '危险化学品安全管理条例 第四十一条: filed within 5 days, so it may follow the event' },
  { name: 'transportPermitNo', zh: '运输许可证/通行证编号', en: 'Transport permit number', kind: 'string', check: doc, source: 'per stage' },
  { name: 'vehiclePlate', zh: '车辆号牌', en: 'Vehicle plate', kind: 'string', check: checkVehiclePlate, source: 'GA 36-2018 机动车号牌' },
  { name: 'driverQualificationNo', zh: '驾驶人员从业资格证号', en: 'Driver qualification certificate number', kind: 'string', check: doc, source: '危险化学品安全管理条例 第四十四条 从业资格' },
  { name: 'escortQualificationNo', zh: '押运人员从业资格证号', en: 'Escort qualification certificate number', kind: 'string', check: doc, source: '危险化学品安全管理条例 第四十四条 (optional: the facts file does not cover it)' },
  { name: 'unNumber', zh: '联合国编号', en: 'UN number', kind: 'string', check: (v) => (/^UN\d{4}$/.test(v) ? [] : ['must be UN + 4 digits, e.g. UN1203']), source: 'UN Model Regulations / GB 12268' },
  { name: 'useLicenceNo', zh: '安全使用许可证编号', en: 'Safe-use licence number', kind: 'string', check: doc, source: '危险化学品安全管理条例 第二十九条 (only some users need one)' },
  { name: 'fireworksFlowCode', zh: '烟花爆竹流向码', en: 'Fireworks flow code', kind: 'string', check: doc, source: 'AQ 4102-2008; code structure not found (CHINA-TRACE-FACTS §2.11), so optional' },
  { name: 'blastingJobId', zh: '爆破作业编号', en: 'Blasting job id', kind: 'string', check: doc, source: '民用爆炸物品安全管理条例: 领取、发放、清退 per job (CHINA-TRACE-FACTS §5)' },
  { name: 'detonatorCount', zh: '雷管数量(发)', en: 'Number of detonators', kind: 'integer', min: 1, max: 100000, source: '民用爆炸物品安全管理条例 领取发放记录 数量' },
  { name: 'explosiveMassKg', zh: '炸药数量(kg)', en: 'Explosive mass (kg)', kind: 'decimal', min: 0.001, max: 100000, source: '民用爆炸物品安全管理条例 领取发放记录 数量' },
  { name: 'handlerIds', zh: '领取/发放人员', en: 'Issuing and receiving staff ids', kind: 'string_list', min: 1, maxLength: 64, source: '民用爆炸物品安全管理条例: records name the people (CHINA-TRACE-FACTS §5)' },
  { name: 'blastingLicenceNo', zh: '爆破作业单位许可证编号', en: 'Blasting company licence number', kind: 'string', check: doc, source: '民用爆炸物品安全管理条例 第五章 爆破作业 许可' },
  { name: 'destructionApprovalNo', zh: '销毁批准/备案编号', en: 'Destruction approval number', kind: 'string', check: doc, source: '危险化学品安全管理条例; 民用爆炸物品安全管理条例 销毁 (optional detail)' },
];
