/** Data elements of special-drug stages. Each is declared once; stages say whether they require or allow it and why. */
import { checkDocumentNumber, checkDrugApprovalNo } from '../formats.js';
import type { ElementDef } from '../profile.types.js';

const doc = (v: string) => checkDocumentNumber(v);

/** Data elements of special-drug stages. */
export const DRUG_ELEMENTS: readonly ElementDef[] = [
  {
    name: 'drugApprovalNo',
    zh: '药品批准文号',
    en: 'Drug approval number',
    kind: 'string',
    check: checkDrugApprovalNo,
    source: 'NMPAB/T 1002-2019 links the trace code to it (CHINA-TRACE-FACTS §2.2)',
  },
  {
    name: 'purchaseCardNo',
    zh: '麻醉药品和第一类精神药品购用印鉴卡编号',
    en: 'Purchase seal card number',
    kind: 'string',
    check: doc,
    source: '麻醉药品和精神药品管理条例 印鉴卡 (article not in facts file)',
  },
  {
    name: 'receivingCheckers',
    zh: '验收人员',
    en: 'Receiving checkers (staff ids)',
    kind: 'string_list',
    min: 2,
    maxLength: 64,
    source: 'GSP double check of specially controlled drugs (from memory, not in facts file)',
  },
  {
    name: 'prescriptionNo',
    zh: '处方编号',
    en: 'Prescription number',
    kind: 'string',
    check: doc,
    source: '麻醉药品和精神药品管理条例 第四十一条 (CHINA-TRACE-FACTS §5)',
  },
  {
    name: 'patientIdHash',
    zh: '患者标识(哈希)',
    en: 'Patient id (hashed)',
    kind: 'hashed_id',
    source:
      '个人信息保护法 第二十八条 (medical data is sensitive), 第五十一条 (encryption, de-identification)',
  },
  {
    name: 'prescriberId',
    zh: '处方医师编号',
    en: 'Prescriber id',
    kind: 'string',
    check: doc,
    source: '处方管理办法 (optional detail)',
  },
  {
    name: 'destructionSupervisor',
    zh: '监督销毁部门',
    en: 'Supervising department of destruction',
    kind: 'string',
    maxLength: 100,
    source: '麻醉药品和精神药品管理条例 销毁 under supervision (article not in facts file)',
  },
];
