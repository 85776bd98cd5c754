/** Small builders that keep the profile tables readable. */
import type { CategoryCode, ItemCode } from '../catalogue.js';
import { zsBizStep } from '../namespace.js';
import type { ElementPlace, ElementUse, Stage } from '../profile.types.js';
import { bannedPesticideRule, notAfterEventRule } from '../rules-farm.js';

/** A required element. */
export const req = (element: string, source: string, place: ElementPlace = 'event'): ElementUse => ({
  element,
  required: true,
  place,
  source,
});

/** An optional (allowed) element. */
export const opt = (element: string, source: string, place: ElementPlace = 'event'): ElementUse => ({
  element,
  required: false,
  place,
  source,
});

/** An element required for some items and allowed for the others. */
export const reqFor = (
  items: readonly ItemCode[],
  element: string,
  source: string,
  place: ElementPlace = 'event',
): ElementUse => ({ element, required: items, place, source });

// 农产品质量安全法 (2022) 第二十七条 makes producers record the inputs used (名称, 用法, 用量, 日期). The facts file
// marks only its retention period unverified, not the duty to record.
const RECORD = '农产品质量安全法 (2022) 第二十七条 生产记录';

/**
 * Pesticide application on a plot (农药管理条例 (2017) 第三十六条: 如实记录使用农药的时间、地点、对象以及农药名称、
 * 用量、生产企业; 第三十四条: no banned pesticides). Shared by AGRI (the crop) and INPUT (the pesticide pack).
 */
export const pesticideApplication = (category: CategoryCode, items: readonly ItemCode[]): Stage => ({
  id: `${category}.pesticide_application`,
  zh: '农药使用',
  en: 'Pesticide application',
  bizStep: zsBizStep('pesticide_application'),
  items,
  eventTypes: ['ObjectEvent'],
  elements: [
    req('pesticideRegNo', '农药管理条例 (2017) 第三十六条 农药名称 (by registration number)'),
    req('pesticideDose', '农药管理条例 (2017) 第三十六条 用量'),
    req('plotId', '农药管理条例 (2017) 第三十六条 地点'),
    req('applicationDate', '农药管理条例 (2017) 第三十六条 时间'),
    opt('targetPest', '农药管理条例 (2017) 第三十六条 对象'),
    opt('activeIngredients', 'label data, checked against the banned list'),
    opt('safetyIntervalDays', 'label data (安全间隔期), used by the harvest check'),
  ],
  rules: [bannedPesticideRule, notAfterEventRule('applicationDate')],
  source: '农药管理条例 (2017) 第三十四条, 第三十六条',
});

/** Fertiliser application on a plot. */
export const fertiliserApplication = (category: CategoryCode, items: readonly ItemCode[]): Stage => ({
  id: `${category}.fertiliser_application`,
  zh: '肥料使用',
  en: 'Fertiliser application',
  bizStep: zsBizStep('fertiliser_application'),
  items,
  eventTypes: ['ObjectEvent'],
  elements: [
    req('fertiliserName', RECORD),
    req('fertiliserDose', RECORD),
    req('plotId', RECORD),
    req('applicationDate', RECORD),
    opt('fertiliserRegNo', '肥料登记管理办法 (only some fertilisers are registered)'),
  ],
  rules: [notAfterEventRule('applicationDate')],
  source: RECORD,
});

/** Feed given to a herd, flock or pond. */
export const feedUse = (category: CategoryCode, items: readonly ItemCode[]): Stage => ({
  id: `${category}.feed_use`,
  zh: '饲料使用',
  en: 'Feed use',
  bizStep: zsBizStep('feed_use'),
  items,
  eventTypes: ['ObjectEvent'],
  elements: [
    req('feedName', RECORD),
    req('feedQuantity', RECORD),
    req('herdId', RECORD),
    req('applicationDate', RECORD),
    opt('feedProducerLicence', '饲料和饲料添加剂管理条例 (optional detail)'),
  ],
  rules: [notAfterEventRule('applicationDate')],
  source: RECORD,
});

/** A veterinary drug given to a herd, flock or pond (兽药管理条例: 用药记录; 休药期 drives the slaughter check). */
export const vetDrugUse = (category: CategoryCode, items: readonly ItemCode[]): Stage => ({
  id: `${category}.vet_drug_use`,
  zh: '兽药使用',
  en: 'Veterinary-drug use',
  bizStep: zsBizStep('vet_drug_use'),
  items,
  eventTypes: ['ObjectEvent'],
  elements: [
    req('vetDrugApprovalNo', `兽药管理条例 用药记录; ${RECORD}`),
    req('vetDrugDose', `兽药管理条例 用药记录; ${RECORD}`),
    req('herdId', RECORD),
    req('applicationDate', RECORD),
    opt('withdrawalDays', 'label data (休药期), used by the slaughter check'),
  ],
  rules: [notAfterEventRule('applicationDate')],
  source: `兽药管理条例; ${RECORD}`,
});
