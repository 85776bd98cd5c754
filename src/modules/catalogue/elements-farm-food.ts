/**
 * Data elements of edible agricultural products, food and agricultural inputs. Each is declared once;
 * stages say whether they require or allow it and under which rule.
 */
import {
  checkCustomsDeclarationNo,
  checkDocumentNumber,
  checkFormulaRegNo,
  checkPesticideRegNo,
  checkScLicence,
  checkVetDrugApprovalNo,
} from './formats.js';
import type { ElementDef } from './profile.types.js';

const doc = (v: string) => checkDocumentNumber(v);

/** Elements of the AGRI, FOOD and INPUT profiles. */
export const FARM_FOOD_ELEMENTS: readonly ElementDef[] = [
  // -- inputs used on plots and herds
  { name: 'pesticideRegNo', zh: '农药登记证号', en: 'Pesticide registration number', kind: 'string', check: checkPesticideRegNo, source: '农药管理条例 (2017) 第七条 registration; format CHINA-TRACE-FACTS §2.3' },
  { name: 'pesticideDose', zh: '施药剂量', en: 'Pesticide dose', kind: 'measure', units: ['g/mu', 'ml/mu', 'g/ha', 'ml/ha', 'kg/ha', 'L/ha', 'times_dilution'], max: 100000, source: '农药管理条例 (2017) 第三十六条 用量' },
  { name: 'applicationDate', zh: '使用日期', en: 'Date of application or use', kind: 'date', source: '农药管理条例 (2017) 第三十六条 时间; 农产品质量安全法 (2022) 第二十七条' },
  { name: 'targetPest', zh: '防治对象', en: 'Target pest or disease', kind: 'string', maxLength: 100, source: '农药管理条例 (2017) 第三十六条 对象' },
  { name: 'activeIngredients', zh: '有效成分', en: 'Active ingredients', kind: 'string_list', maxLength: 60, source: 'label data; checked against BANNED_PESTICIDES' },
  { name: 'safetyIntervalDays', zh: '安全间隔期(天)', en: 'Safety interval (days)', kind: 'integer', min: 0, max: 365, source: '农药管理条例 (2017) 第三十四条; label per 农药标签和说明书管理办法' },
  { name: 'plotId', zh: '地块', en: 'Plot (location id)', kind: 'uri', source: 'DESIGN.md naming: SGLN or urn:zhuisu:loc:<USCC>:<local id>' },
  { name: 'herdId', zh: '栏舍/塘口', en: 'Herd, pen or pond id', kind: 'string', maxLength: 100, check: doc, source: '农产品质量安全法 (2022) 第二十七条 production record' },
  { name: 'fertiliserName', zh: '肥料名称', en: 'Fertiliser name', kind: 'string', maxLength: 100, source: '农产品质量安全法 (2022) 第二十七条 投入品名称' },
  { name: 'fertiliserDose', zh: '施肥量', en: 'Fertiliser dose', kind: 'measure', units: ['kg/mu', 'kg/ha', 't/ha'], max: 100000, source: '农产品质量安全法 (2022) 第二十七条 用量' },
  { name: 'fertiliserRegNo', zh: '肥料登记证号', en: 'Fertiliser registration number', kind: 'string', check: doc, source: '肥料登记管理办法 (only some fertilisers need one)' },
  { name: 'feedName', zh: '饲料名称', en: 'Feed name', kind: 'string', maxLength: 100, source: '农产品质量安全法 (2022) 第二十七条 投入品名称' },
  { name: 'feedQuantity', zh: '饲喂量', en: 'Feed quantity', kind: 'measure', units: ['kg', 't'], max: 1000000, source: '农产品质量安全法 (2022) 第二十七条 用量' },
  { name: 'feedProducerLicence', zh: '饲料生产许可证号', en: 'Feed producer licence', kind: 'string', check: doc, source: '饲料和饲料添加剂管理条例 生产许可' },
  { name: 'vetDrugApprovalNo', zh: '兽药产品批准文号', en: 'Veterinary-drug approval number', kind: 'string', check: checkVetDrugApprovalNo, source: '兽药管理条例 批准文号; format from memory (loose guard)' },
  { name: 'vetDrugDose', zh: '用药剂量', en: 'Veterinary-drug dose', kind: 'measure', units: ['mg/kg', 'ml/kg', 'mg/head', 'ml/head', 'g/t_feed', 'g/t_water'], max: 100000, source: '兽药管理条例 用药记录' },
  { name: 'withdrawalDays', zh: '休药期(天)', en: 'Withdrawal period (days)', kind: 'integer', min: 0, max: 365, source: '兽药管理条例 休药期; label data' },
  { name: 'sowingQuantity', zh: '播种量', en: 'Sowing quantity', kind: 'measure', units: ['g', 'kg'], max: 1000000, source: '种子法 use records (optional detail)' },
  { name: 'varietyNo', zh: '品种审定/登记编号', en: 'Variety approval or registration number', kind: 'string', check: doc, source: '种子法 (2021) 品种审定/登记' },
  // -- harvest, quarantine, slaughter, testing, certificates
  { name: 'certification', zh: '认证类型', en: 'Certification', kind: 'enum', values: ['pollution_free', 'green_food', 'organic'], source: 'city plan annex: 无公害农产品、绿色食品、有机产品' },
  { name: 'certificationNo', zh: '认证编号', en: 'Certification number', kind: 'string', check: doc, source: 'format by kind: CHINA-TRACE-FACTS §2.6' },
  { name: 'quarantineCertNo', zh: '动物检疫合格证明编号', en: 'Animal quarantine certificate number', kind: 'string', check: doc, source: '动物防疫法 (2021) 检疫证明' },
  { name: 'quarantineResult', zh: '检疫结果', en: 'Quarantine result', kind: 'enum', values: ['pass', 'fail'], source: '动物防疫法 (2021)' },
  { name: 'slaughterLicenceNo', zh: '生猪定点屠宰证书号', en: 'Designated slaughter certificate number', kind: 'string', check: doc, source: '生猪屠宰管理条例 (2021) 定点屠宰' },
  { name: 'testResult', zh: '检测结果', en: 'Test result', kind: 'enum', values: ['pass', 'fail'], source: '农产品质量安全承诺达标合格证管理办法 (2025) testing basis' },
  { name: 'testMethod', zh: '检测方法', en: 'Test method', kind: 'enum', values: ['rapid', 'quantitative'], source: 'rapid test (快检) or laboratory (定量)' },
  { name: 'testReportNo', zh: '检测报告编号', en: 'Test report number', kind: 'string', check: doc, source: 'commissioned test basis' },
  { name: 'certificateNo', zh: '承诺达标合格证编号', en: 'Certificate of compliance number', kind: 'string', check: doc, source: '农业农村部令2025年第4号 (CHINA-TRACE-FACTS §3.1)' },
  { name: 'certificateBasis', zh: '承诺依据', en: 'Basis of the promise', kind: 'enum_list', values: ['quality_control', 'self_test', 'commissioned_test'], source: '农业农村部令2025年第4号 第十四条 承诺依据' },
  { name: 'certificatePromise', zh: '承诺事项', en: 'Promises made', kind: 'enum_list', values: ['no_banned_inputs', 'residues_within_limits', 'withholding_respected'], source: '农业农村部令2025年第4号 第二条, 第十四条 承诺事项' },
  { name: 'issuerContact', zh: '联系方式', en: 'Issuer contact', kind: 'string', maxLength: 100, source: '农业农村部令2025年第4号 第十四条 联系方式' },
  { name: 'originDivision', zh: '产地(行政区划代码)', en: 'Origin (GB/T 2260 code)', kind: 'string', check: (v) => (/^\d{6}$/.test(v) ? [] : ['must be a 6-digit GB/T 2260 division code']), source: '农业农村部令2025年第4号 第十四条 产地; GB/T 2260' },
  { name: 'marketStall', zh: '摊位号', en: 'Market stall', kind: 'string', maxLength: 50, source: 'market trace practice (optional)' },
  // -- food
  { name: 'supplierLicenceNo', zh: '供货者许可证编号', en: "Supplier's licence number", kind: 'string', check: doc, source: '食品安全法 第五十条, 第五十三条 进货查验' },
  { name: 'conformityProof', zh: '合格证明文件编号', en: 'Proof-of-conformity document number', kind: 'string', check: doc, source: '食品安全法 第五十条 产品合格证明' },
  { name: 'scLicenceNo', zh: '食品生产许可证编号', en: 'Food production licence (SC) number', kind: 'string', check: checkScLicence, source: '食品安全法 第三十五条; format CHINA-TRACE-FACTS §2.6' },
  { name: 'formulaRegNo', zh: '产品配方注册号', en: 'Infant-formula registration number', kind: 'string', check: checkFormulaRegNo, source: '食品安全法 第八十一条 配方注册' },
  { name: 'inspectionResult', zh: '出厂检验结论', en: 'Release inspection result', kind: 'enum', values: ['pass', 'fail'], source: '食品安全法 第五十一条 出厂检验记录' },
  { name: 'importerFilingNo', zh: '进口商备案号', en: 'Importer filing number', kind: 'string', check: doc, source: '食品安全法 第九十六条 进口商备案; CHINA-TRACE-FACTS §4 (申请号/查询编号)' },
  { name: 'customsDeclarationNo', zh: '报关单号', en: 'Customs declaration number', kind: 'string', check: checkCustomsDeclarationNo, source: '海关法 申报; 18-digit layout from memory' },
  { name: 'entryInspectionCertNo', zh: '入境货物检验检疫证明编号', en: 'Entry inspection certificate number', kind: 'string', check: doc, source: '食品安全法 第九十二条 进口食品经检验合格' },
  { name: 'originCountry', zh: '原产国', en: 'Country of origin (ISO 3166-1 alpha-2)', kind: 'string', check: (v) => (/^[A-Z]{2}$/.test(v) && v !== 'CN' ? [] : ['must be an ISO 3166-1 alpha-2 code other than CN']), source: 'ISO 3166-1' },
  { name: 'chineseLabel', zh: '中文标签', en: 'Chinese label present', kind: 'boolean', source: '食品安全法 第九十七条 中文标签' },
  { name: 'buyerName', zh: '购货者名称', en: 'Buyer name', kind: 'string', maxLength: 100, source: '食品安全法 第九十八条 进口和销售记录' },
  { name: 'buyerContact', zh: '购货者联系方式', en: 'Buyer contact', kind: 'string', maxLength: 100, source: '食品安全法 第九十八条 进口和销售记录' },
  // -- licences common to inputs, drugs and hazardous goods
  { name: 'productionLicenceNo', zh: '生产许可证编号', en: 'Production licence number', kind: 'string', check: doc, source: 'per stage' },
  { name: 'dealerLicenceNo', zh: '经营许可证编号', en: 'Trading licence number', kind: 'string', check: doc, source: 'per stage' },
];
