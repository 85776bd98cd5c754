/** A realistic event-sized row (an EPCIS ObjectEvent of a tea lot shipped from 遂川 to 吉州), for raw-limit inserts. */

/** The JSON document of event number `i` (≈ 1 KB, like a typical captured event). */
export function eventDocument(i: number): string {
  return JSON.stringify({
    type: 'ObjectEvent',
    eventTime: new Date(1_764_000_000_000 + i * 1000).toISOString(),
    eventTimeZoneOffset: '+08:00',
    epcList: [`https://id.gs1.org/01/06901234567892/21/TEA${String(i).padStart(8, '0')}`],
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: 'urn:zhuisu:loc:93360827MA35XXXX0X:warehouse-1' },
    bizLocation: { id: 'urn:zhuisu:loc:93360827MA35XXXX0X:site' },
    bizTransactionList: [{ type: 'po', bizTransaction: `urn:zhuisu:po:2026-${i}` }],
    sourceList: [{ type: 'owning_party', source: 'urn:zhuisu:org:93360827MA35XXXX0X' }],
    destinationList: [{ type: 'owning_party', destination: 'urn:zhuisu:org:91360802MA3AB12C5R' }],
    'zs:lot': { harvestDate: '2026-04-02', grade: '特级', plot: '汤湖镇-12', certification: '绿色食品' },
    'zs:note': '遂川狗牯脑茶 春茶 一级 明前采摘 机械杀青 手工揉捻',
  });
}

/** The filterable columns stored beside the document (what the event store indexes). */
export interface EventRow {
  event_hash: string;
  event_type: string;
  event_time: number;
  record_time: number;
  biz_step: string;
  disposition: string;
  read_point: string;
  biz_location: string;
  org_id: number;
  doc: string;
}

/** Row number `i`. */
export function eventRow(i: number): EventRow {
  return {
    event_hash: `ni:///sha-256;${i.toString(16).padStart(64, '0')}?ver=CBV2.0`,
    event_type: 'ObjectEvent',
    event_time: 1_764_000_000_000 + i * 1000,
    record_time: Date.now(),
    biz_step: 'shipping',
    disposition: 'in_transit',
    read_point: 'urn:zhuisu:loc:93360827MA35XXXX0X:warehouse-1',
    biz_location: 'urn:zhuisu:loc:93360827MA35XXXX0X:site',
    org_id: 1 + (i % 50),
    doc: eventDocument(i),
  };
}

/** Column list, in insert order. */
export const EVENT_COLUMNS = [
  'event_hash',
  'event_type',
  'event_time',
  'record_time',
  'biz_step',
  'disposition',
  'read_point',
  'biz_location',
  'org_id',
  'doc',
] as const;
