import { describe, expect, it } from 'vitest';
import {
  validateDrugApprovalNumber,
  validateFoodProductionLicence,
  validatePesticideRegistrationNumber,
  validateVetDrugApprovalNumber,
} from './registration-numbers.js';

describe('registration-number validators', () => {
  it('accept pesticide registration numbers PD/WP/LS/WL and reject other prefixes', () => {
    for (const ok of ['PD20080005', 'LS20071573', 'WP20180123', 'PDN12-95', 'pd20080005']) {
      expect(validatePesticideRegistrationNumber(ok)).toEqual([]);
    }
    expect(validatePesticideRegistrationNumber('XX20080005')[0]).toMatchObject({
      code: 'CODES_BAD_REGISTRATION_NUMBER',
      position: 0,
    });
    expect(validatePesticideRegistrationNumber('PD2008000512345')).toHaveLength(1);
  });

  it('accept the 2015 and the older bracketed veterinary-drug approval numbers', () => {
    expect(validateVetDrugApprovalNumber('兽药字150011234')).toEqual([]);
    expect(validateVetDrugApprovalNumber('兽药生字（2010）150011234')).toEqual([]);
    expect(validateVetDrugApprovalNumber('兽药添字36001123')).toHaveLength(1);
    expect(validateVetDrugApprovalNumber('国药准字H20000001')[0]?.position).toBe(0);
  });

  it('check a SC food production licence’s category digit and division', () => {
    expect(validateFoodProductionLicence('SC10636080200012')).toEqual([]);
    expect(validateFoodProductionLicence('SC30636080200012')[0]?.position).toBe(2);
    expect(validateFoodProductionLicence('SC10699080200012')[0]?.position).toBe(5);
    expect(validateFoodProductionLicence('SC1063608020001')).toHaveLength(1);
  });

  it('accept 国药准字 H/Z/S (with C or J) and reject other letters', () => {
    for (const ok of [
      '国药准字H20000001',
      '国药准字Z36020123',
      '国药准字SJ20200001',
      '国药准字 HC20210001',
    ]) {
      expect(validateDrugApprovalNumber(ok)).toEqual([]);
    }
    expect(validateDrugApprovalNumber('国药准字X20000001')).toHaveLength(1);
    expect(validateDrugApprovalNumber('国药准字H2000001')).toHaveLength(1);
    expect(validateDrugApprovalNumber('')[0]?.position).toBe(0);
  });
});
