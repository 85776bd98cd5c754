import { describe, expect, it } from 'vitest';
import { ilmdLot, isReturn, isShipStep, lotWritten, nodeKind, usccOfParty } from './trace-vocabulary.js';

describe('trace vocabulary', () => {
  it('tells items, lots, classes, containers and places apart by their canonical form', () => {
    expect(nodeKind('https://id.gs1.org/01/06901234567892/21/T1')).toBe('item');
    expect(nodeKind('https://id.gs1.org/01/06901234567892/10/L1')).toBe('lot');
    expect(nodeKind('https://id.gs1.org/01/06901234567892')).toBe('class');
    expect(nodeKind('https://id.gs1.org/00/069012340000000016')).toBe('container');
    expect(nodeKind('urn:zhuisu:loc:91360802MA12345678:shop')).toBe('location');
    expect(nodeKind('urn:zhuisu:drug-trace-code:81234567890123456789')).toBe('item');
  });

  it('reads the lot written beside a serial in a Digital Link, and the ILMD lot number', () => {
    expect(lotWritten('https://id.gs1.org/01/06901234567892/10/P1/21/T9')).toBe(
      'https://id.gs1.org/01/06901234567892/10/P1',
    );
    expect(lotWritten('https://id.gs1.org/01/06901234567892/21/T9')).toBeNull();
    expect(ilmdLot({ ilmd: { 'cbvmda:lotNumber': 'P1' } })).toBe('P1');
    expect(ilmdLot({ ilmd: { other: 'x' } })).toBeNull();
  });

  it('reads returns as shipping with disposition returned or recalled (CBV 2.0 has no returning step)', () => {
    expect(isShipStep('shipping')).toBe(true);
    expect(isReturn('shipping', 'returned')).toBe(true);
    expect(isReturn('shipping', 'in_transit')).toBe(false);
    expect(isReturn('urn:zhuisu:bizstep:returning', null)).toBe(true);
    expect(usccOfParty('urn:zhuisu:org:91360802MA12345678')).toBe('91360802MA12345678');
    expect(usccOfParty('https://id.gs1.org/417/6901234000016')).toBeNull();
  });
});
