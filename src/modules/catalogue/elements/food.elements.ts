/** Data elements of food stages and the licence numbers shared by inputs, drugs and hazardous goods. Each is declared once; stages say whether they require or allow it and why. */
import {
  checkCustomsDeclarationNo,
  checkDocumentNumber,
  checkFormulaRegNo,
  checkScLicence,
} from '../formats.js';
import type { ElementDef } from '../profile.types.js';

const doc = (v: string) => checkDocumentNumber(v);

/** Data elements of food stages and the licence numbers shared by inputs, drugs and hazardous goods. */
export const FOOD_ELEMENTS: readonly ElementDef[] = [
  {
    name: 'supplierLicenceNo',
    zh: '供货者许可证编号',
    en: "Supplier's licence number",
    kind: 'string',
    check: doc,
    source: '食品安全法 第五十条, 第五十三条 进货查验',
  },
  {
    name: 'conformityProof',
    zh: '合格证明文件编号',
    en: 'Proof-of-conformity document number',
    kind: 'string',
    check: doc,
    source: '食品安全法 第五十条 产品合格证明',
  },
  {
    name: 'scLicenceNo',
    zh: '食品生产许可证编号',
    en: 'Food production licence (SC) number',
    kind: 'string',
    check: checkScLicence,
    source: '食品安全法 第三十五条; format CHINA-TRACE-FACTS §2.6',
  },
  {
    name: 'formulaRegNo',
    zh: '产品配方注册号',
    en: 'Infant-formula registration number',
    kind: 'string',
    check: checkFormulaRegNo,
    source: '食品安全法 第八十一条 配方注册',
  },
  {
    name: 'inspectionResult',
    zh: '出厂检验结论',
    en: 'Release inspection result',
    kind: 'enum',
    values: ['pass', 'fail'],
    source: '食品安全法 第五十一条 出厂检验记录',
  },
  {
    name: 'importerFilingNo',
    zh: '进口商备案号',
    en: 'Importer filing number',
    kind: 'string',
    check: doc,
    source: '食品安全法 第九十六条 进口商备案; CHINA-TRACE-FACTS §4 (申请号/查询编号)',
  },
  {
    name: 'customsDeclarationNo',
    zh: '报关单号',
    en: 'Customs declaration number',
    kind: 'string',
    check: checkCustomsDeclarationNo,
    source: '海关法 申报; 18-digit layout from memory',
  },
  {
    name: 'entryInspectionCertNo',
    zh: '入境货物检验检疫证明编号',
    en: 'Entry inspection certificate number',
    kind: 'string',
    check: doc,
    source: '食品安全法 第九十二条 进口食品经检验合格',
  },
  {
    name: 'originCountry',
    zh: '原产国',
    en: 'Country of origin (ISO 3166-1 alpha-2)',
    kind: 'string',
    check: (v) =>
      /^[A-Z]{2}$/.test(v) && v !== 'CN' ? [] : ['must be an ISO 3166-1 alpha-2 code other than CN'],
    source: 'ISO 3166-1',
  },
  {
    name: 'chineseLabel',
    zh: '中文标签',
    en: 'Chinese label present',
    kind: 'boolean',
    source: '食品安全法 第九十七条 中文标签',
  },
  {
    name: 'buyerName',
    zh: '购货者名称',
    en: 'Buyer name',
    kind: 'string',
    maxLength: 100,
    source: '食品安全法 第九十八条 进口和销售记录',
  },
  {
    name: 'buyerContact',
    zh: '购货者联系方式',
    en: 'Buyer contact',
    kind: 'string',
    maxLength: 100,
    source: '食品安全法 第九十八条 进口和销售记录',
  },
  {
    name: 'productionLicenceNo',
    zh: '生产许可证编号',
    en: 'Production licence number',
    kind: 'string',
    check: doc,
    source: 'per stage',
  },
  {
    name: 'dealerLicenceNo',
    zh: '经营许可证编号',
    en: 'Trading licence number',
    kind: 'string',
    check: doc,
    source: 'per stage',
  },
];
