/**
 * Goods chains of the demo: infant formula made in 井冈山 and imported milk powder (with a return) to a 吉州
 * supermarket; a psychotropic drug from a wholesaler to a hospital pharmacy and a patient; elevators maintained
 * and inspected in a 吉州 building; CNG cylinders filled in 青原; a highly toxic chemical shipped under permits;
 * fireworks from a 永新 wholesaler to a shop; detonators issued to a quarry, used and returned; and an error
 * declaration correcting a mistyped record.
 */
import { createHash } from 'node:crypto';
import { zsBizStep } from '../catalogue/index.js';
import type { Samples } from './demo-chains-farm.js';
import {
  at,
  type DemoContext,
  dateOf,
  handOver,
  lgtin,
  objectEvent,
  qty,
  sgtin,
  sscc,
} from './demo-context.js';
import type { DemoCatalog } from './demo-setup.js';

type Obj = Record<string, unknown>;

/** Infant formula: raw material → production → inspection → case → supermarket → unpack → sale. */
export async function formulaChain(
  ctx: DemoContext,
  cat: DemoCatalog,
  r: number,
  units: number,
  samples: Samples,
): Promise<void> {
  const dairy = ctx.get('dairy');
  const market = ctx.get('supermarket');
  const d = r % 40;
  const lot = `IF26${String(r).padStart(5, '0')}`;
  const cans = Array.from({ length: units }, (_, i) =>
    sgtin(cat.gtin.formula!, `${lot}${String(i + 1).padStart(4, '0')}`),
  );
  const caseId = sscc(dairy, r * 10 + 3);
  await ctx.capture(dairy, [
    objectEvent({
      eventTime: at(d, 8),
      quantityList: [qty(lgtin(cat.gtin.formulaBase!, `RM${lot}`), 500)],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.dairyPlant },
      'zs:supplierLicenceNo': 'SC10536082100023',
      'zs:conformityProof': `QC-${lot}`,
    }),
    objectEvent({
      eventTime: at(d + 1, 8),
      action: 'ADD',
      epcList: cans,
      bizStep: 'commissioning',
      bizLocation: { id: cat.site.dairyPlant },
      ilmd: { 'zs:scLicenceNo': cat.licence.sc, 'zs:formulaRegNo': '国食注字YP20160001' },
    }),
    objectEvent({
      eventTime: at(d + 2, 9),
      epcList: cans,
      bizStep: 'inspecting',
      'zs:inspectionResult': 'pass',
      'zs:inspectionReportNo': `CJ-${lot}`,
    }),
    {
      type: 'AggregationEvent',
      eventTime: at(d + 2, 10),
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      parentID: caseId,
      childEPCs: cans,
      bizStep: 'packing',
    },
    objectEvent({
      eventTime: at(d + 3, 8),
      epcList: [caseId],
      bizStep: 'shipping',
      ...handOver(dairy, market),
    }),
  ]);
  await ctx.capture(market, [
    objectEvent({
      eventTime: at(d + 3, 15),
      epcList: [caseId],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.store },
      ...handOver(dairy, market),
      'zs:supplierLicenceNo': cat.licence.sc,
    }),
    {
      type: 'AggregationEvent',
      eventTime: at(d + 3, 16),
      eventTimeZoneOffset: '+08:00',
      action: 'DELETE',
      parentID: caseId,
      childEPCs: cans,
      bizStep: 'unpacking',
    },
    ...cans.map((c, i) =>
      objectEvent({
        eventTime: at(d + 4, 10, i % 60),
        epcList: [c],
        bizStep: 'retail_selling',
        disposition: 'retail_sold',
        bizLocation: { id: cat.site.store },
      }),
    ),
  ]);
  if (r === 0) samples.FOOD = cans[0]!;
}

/** Imported milk powder: clearance → sale to the supermarket → a damaged case returned to the importer. */
export async function importChain(ctx: DemoContext, cat: DemoCatalog, r: number): Promise<void> {
  const importer = ctx.get('importer');
  const market = ctx.get('supermarket');
  const d = r % 40;
  const lot = `NZ${String(r).padStart(6, '0')}`;
  const cls = lgtin(cat.gtin.importedPowder!, lot);
  const buyer = { 'zs:buyerName': market.name, 'zs:buyerContact': '0796-8221234' };
  await ctx.capture(importer, [
    objectEvent({
      eventTime: at(d, 10),
      quantityList: [qty(cls, 2400, 'H87')],
      bizStep: zsBizStep('import_clearance'),
      bizLocation: { id: cat.site.importWarehouse },
      'zs:importerFilingNo': 'ZJ2025-000123',
      'zs:customsDeclarationNo': `4020202610${String(r).padStart(8, '0')}`,
      'zs:entryInspectionCertNo': `4020001260${String(r).padStart(5, '0')}`,
      'zs:originCountry': 'NZ',
      'zs:chineseLabel': true,
    }),
    objectEvent({
      eventTime: at(d + 2, 9),
      quantityList: [qty(cls, 120, 'H87')],
      bizStep: 'shipping',
      ...handOver(importer, market),
      ...buyer,
    }),
  ]);
  await ctx.capture(market, [
    objectEvent({
      eventTime: at(d + 2, 15),
      quantityList: [qty(cls, 120, 'H87')],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.store },
      ...handOver(importer, market),
      'zs:supplierLicenceNo': 'JY13608030004567',
    }),
    // The return: 12 tins with dented cans go back to the importer.
    objectEvent({
      eventTime: at(d + 3, 9),
      quantityList: [qty(cls, 12, 'H87')],
      bizStep: 'shipping',
      disposition: 'returned',
      ...handOver(market, importer),
      'zs:buyerName': importer.name,
      'zs:buyerContact': '0796-8330000',
    }),
  ]);
  await ctx.capture(importer, [
    objectEvent({
      eventTime: at(d + 3, 14),
      quantityList: [qty(cls, 12, 'H87')],
      bizStep: 'receiving',
      disposition: 'returned',
      ...handOver(market, importer),
      'zs:supplierLicenceNo': cat.licence.supermarketJy,
    }),
  ]);
}

/**
 * A psychotropic drug: made and coded by the manufacturer (lot and expiry in the ILMD) → wholesaler → hospital
 * pharmacy → dispensed to a patient (hashed id).
 */
export async function drugChain(
  ctx: DemoContext,
  cat: DemoCatalog,
  r: number,
  units: number,
  samples: Samples,
): Promise<void> {
  const maker = ctx.get('drugMaker');
  const wholesaler = ctx.get('drugWholesaler');
  const hospital = ctx.get('hospital');
  const d = r % 40;
  const packs = Array.from(
    { length: units },
    (_, i) => `${cat.drugPrefix}${String(r * 100000 + i + 1).padStart(13, '0')}`,
  );
  const uris = packs.map((p) => `urn:zhuisu:drug-trace-code:${p}`);
  // The manufacturer assigns each pack its trace code with the pack's batch and expiry (NMPAB/T 1002-2019 links
  // the code to them); in EPCIS the commissioning event's ILMD carries both (EPCIS 2.0 §7.3.6, CBV 2.0 master
  // data `cbvmda:lotNumber`, `cbvmda:itemExpirationDate`). A 24-month shelf life from the day of manufacture.
  const made = new Date(at(d, 8));
  const expiry = new Date(Date.UTC(made.getUTCFullYear() + 2, made.getUTCMonth(), made.getUTCDate() - 1));
  await ctx.capture(maker, [
    objectEvent({
      eventTime: at(d, 8),
      action: 'ADD',
      epcList: uris,
      bizStep: 'commissioning',
      ilmd: {
        'cbvmda:lotNumber': `DZ${String(260100 + r).padStart(6, '0')}`,
        'cbvmda:itemExpirationDate': expiry.toISOString().slice(0, 10),
        'zs:drugApprovalNo': '国药准字H20010001',
        'zs:productionLicenceNo': '赣20160021',
      },
    }),
    objectEvent({
      eventTime: at(d, 8, 30),
      epcList: uris,
      bizStep: 'shipping',
      ...handOver(maker, wholesaler),
      // A holder sells its own drugs under its production licence (药品管理法 2019 第三十四条).
      'zs:dealerLicenceNo': '赣20160021',
    }),
  ]);
  await ctx.capture(wholesaler, [
    objectEvent({
      eventTime: at(d, 8, 45),
      epcList: uris,
      bizStep: 'receiving',
      bizLocation: { id: cat.site.drugWarehouse },
      ...handOver(maker, wholesaler),
      'zs:receivingCheckers': ['store-01', 'store-02'],
    }),
    objectEvent({
      eventTime: at(d, 9),
      epcList: uris,
      bizStep: 'shipping',
      bizLocation: { id: cat.site.drugWarehouse },
      ...handOver(wholesaler, hospital),
      'zs:dealerLicenceNo': cat.licence.drugTrade,
      'zs:purchaseCardNo': 'YJK-3608-0012',
    }),
  ]);
  await ctx.capture(hospital, [
    objectEvent({
      eventTime: at(d, 14),
      epcList: uris,
      bizStep: 'receiving',
      bizLocation: { id: cat.site.pharmacy },
      ...handOver(wholesaler, hospital),
      'zs:receivingCheckers': ['pharm-01', 'pharm-02'],
    }),
    ...uris.map((u, i) =>
      objectEvent({
        eventTime: at(d + 1, 8 + (i % 12), i % 60),
        epcList: [u],
        bizStep: 'dispensing',
        bizLocation: { id: cat.site.pharmacy },
        'zs:prescriptionNo': `RX2026${String(r).padStart(4, '0')}-${String(i + 1).padStart(4, '0')}`,
        'zs:patientIdHash': `sha256:${createHash('sha256').update(`demo-patient-${r}-${i}`).digest('hex')}`,
      }),
    ),
  ]);
  if (r === 0) samples.DRUG = packs[0]!;
}

/** Maintenance rounds per elevator (two visits each, a month apart): the demo's events span about three months. */
const ELEVATOR_ROUNDS = 3;

/** Elevators: installation, use registration, maintenance every 15 days, periodic inspection. */
export async function elevatorChain(
  ctx: DemoContext,
  cat: DemoCatalog,
  r: number,
  samples: Samples,
): Promise<void> {
  const service = ctx.get('elevatorService');
  const owner = ctx.get('elevatorOwner');
  const { identifier: lift, code: liftCode } = cat.elevators[r % cat.elevators.length]!;
  // Each elevator's rounds a month apart; past the demo's months a larger data set adds other goods, not visits
  // that would fall on the same days again.
  const round = Math.floor(r / cat.elevators.length);
  if (round >= ELEVATOR_ROUNDS) return;
  const d = round * 30;
  if (round === 0) {
    await ctx.capture(service, [
      objectEvent({
        eventTime: at(0, 9),
        epcList: [lift],
        bizStep: 'installing',
        bizLocation: { id: cat.site.building },
        'zs:installerLicenceNo': cat.licence.lift,
        'zs:constructionNoticeNo': `GZ-2026-${r + 1}`,
      }),
    ]);
    await ctx.capture(owner, [
      objectEvent({
        eventTime: at(1, 9),
        epcList: [lift],
        bizStep: zsBizStep('use_registration'),
        'zs:useRegistrationNo': `梯11赣D0000${r + 1}(19)`,
        'zs:registrationAuthority': '吉安市市场监督管理局',
      }),
    ]);
  }
  await ctx.capture(service, [
    // Half-monthly maintenance (TSG T5002-2017, at least every 15 days: rules-equipment.ts), each naming the next.
    ...[2, 16].map((day) =>
      objectEvent({
        eventTime: at(d + day, 10),
        epcList: [lift],
        bizStep: zsBizStep('maintenance'),
        bizLocation: { id: cat.site.building },
        'zs:maintenanceLicenceNo': cat.licence.lift,
        'zs:nextMaintenanceDue': dateOf(d + day + 14),
        'zs:maintenanceType': 'half_monthly',
      }),
    ),
    // The periodic inspection is yearly (TSG T7001 elevator inspection rules; from memory): once, in the first round.
    ...(round === 0
      ? [
          objectEvent({
            eventTime: at(d + 20, 14),
            epcList: [lift],
            bizStep: zsBizStep('periodic_inspection'),
            'zs:inspectionReportNo': `DT-2026-${String(r + 1).padStart(4, '0')}`,
            'zs:inspectionConclusion': 'pass',
            'zs:nextInspectionDate': '2027-11-30',
          }),
        ]
      : []),
  ]);
  if (r === 0) samples.EQUIP = liftCode;
}

/** Days on which the demo's cylinders are filled, one filling each a day. */
const CYLINDER_DAYS = 40;

/** CNG cylinders filled at a station: the register's next inspection date travels with each filling. */
export async function cylinderChain(ctx: DemoContext, cat: DemoCatalog, r: number): Promise<void> {
  // A filling a day for each cylinder over the demo's first 40 days; a larger data set adds other goods, not a
  // cylinder filled many times a day.
  if (r >= CYLINDER_DAYS) return;
  const station = ctx.get('fillingStation');
  await ctx.capture(
    station,
    cat.cylinders.map((c, i) =>
      objectEvent({
        eventTime: at(r, 7 + i, r % 60),
        epcList: [c.identifier],
        bizStep: zsBizStep('filling'),
        bizLocation: { id: cat.site.station },
        'zs:cylinderCode': c.code,
        'zs:fillingPressureMPa': 19.5,
        'zs:nextInspectionDate': c.nextInspection,
        'zs:fillingLicenceNo': cat.licence.filling,
        'zs:fillingMedium': 'CNG',
      }),
    ),
  );
}

/** Hazardous goods: sodium cyanide sold and carried under permits; fireworks to a shop; a blasting job's detonators. */
export async function hazmatChain(
  ctx: DemoContext,
  cat: DemoCatalog,
  r: number,
  units: number,
  samples: Samples,
): Promise<void> {
  const chem = ctx.get('chemicals');
  const buyer = ctx.get('chemBuyer');
  const d = r % 40;
  const drum = lgtin(cat.gtin.cyanide!, `CN${String(r).padStart(5, '0')}`);
  await ctx.capture(chem, [
    objectEvent({
      eventTime: at(d, 9),
      quantityList: [qty(drum, 500)],
      bizStep: 'shipping',
      bizLocation: { id: cat.site.chemStore },
      ...handOver(chem, buyer),
      'zs:dealerLicenceNo': cat.licence.hazchem,
      'zs:buyerPermitNo': `剧购-3608-2026-${String(r + 1).padStart(3, '0')}`,
      'zs:psbFilingNo': `BA-2026-${r + 1}`,
    }),
    objectEvent({
      eventTime: at(d, 10),
      quantityList: [qty(drum, 500)],
      bizStep: 'transporting',
      'zs:transportPermitNo': `赣剧运2026-${String(r + 1).padStart(4, '0')}`,
      'zs:vehiclePlate': '赣D12345',
      'zs:driverQualificationNo': '360823001234',
      'zs:escortQualificationNo': '360823009876',
      'zs:unNumber': 'UN1689',
    }),
  ]);
  await ctx.capture(buyer, [
    objectEvent({
      eventTime: at(d, 15),
      quantityList: [qty(drum, 500)],
      bizStep: 'receiving',
      bizLocation: { id: cat.site.platingShop },
      ...handOver(chem, buyer),
    }),
    objectEvent({
      eventTime: at(d + 1, 9),
      quantityList: [qty(drum, 25)],
      bizStep: zsBizStep('chemical_use'),
      bizLocation: { id: cat.site.platingShop },
    }),
  ]);

  const wholesaler = ctx.get('fireworksWholesale');
  const shop = ctx.get('fireworksShop');
  const boxes = Array.from({ length: units }, (_, i) => sgtin(cat.gtin.fireworks!, `YH${r}-${i + 1}`));
  await ctx.capture(wholesaler, [
    objectEvent({
      eventTime: at(d, 8),
      epcList: boxes,
      bizStep: 'shipping',
      bizLocation: { id: cat.site.fireworksStore },
      ...handOver(wholesaler, shop),
      'zs:dealerLicenceNo': cat.licence.fireworksPf,
      'zs:buyerPermitNo': cat.licence.fireworksLs,
      'zs:fireworksFlowCode': `LX-${r + 1}`,
    }),
  ]);
  await ctx.capture(shop, [
    objectEvent({
      eventTime: at(d, 16),
      epcList: boxes,
      bizStep: 'receiving',
      bizLocation: { id: cat.site.fireworksShop },
      ...handOver(wholesaler, shop),
    }),
    ...boxes.map((b, i) =>
      objectEvent({
        eventTime: at(d + 1, 10, i % 60),
        epcList: [b],
        bizStep: 'retail_selling',
        disposition: 'retail_sold',
        'zs:dealerLicenceNo': cat.licence.fireworksLs,
      }),
    ),
  ]);
  if (r === 0) samples.HAZMAT = boxes[0]!;

  const magazine = ctx.get('explosives');
  const job = `JOB-2026-${String(r + 1).padStart(5, '0')}`;
  // GA 441-2003: producer 53, year digit 6, MMDD of manufacture (September), feature A, serial.
  const day = `09${String((d % 28) + 1).padStart(2, '0')}`;
  const codes = Array.from(
    { length: 10 },
    (_, i) => `536${day}A${String((r * 10 + i + 1) % 100000).padStart(5, '0')}`,
  ).map((c) => `urn:zhuisu:detonator-code:${c}`);
  const handlers = ['blaster-07', 'keeper-02'];
  const base = { 'zs:blastingJobId': job, 'zs:handlerIds': handlers };
  await ctx.capture(magazine, [
    objectEvent({
      eventTime: at(d, 7),
      epcList: codes,
      bizStep: zsBizStep('explosive_issue'),
      bizLocation: { id: cat.site.magazine },
      ...base,
      'zs:detonatorCount': 10,
    }),
    objectEvent({
      eventTime: at(d, 11),
      epcList: codes.slice(0, 8),
      bizStep: zsBizStep('blasting_use'),
      bizLocation: { id: cat.site.quarry },
      ...base,
      'zs:detonatorCount': 8,
      'zs:blastingLicenceNo': cat.licence.blasting,
    }),
    objectEvent({
      eventTime: at(d, 17),
      epcList: codes.slice(8),
      bizStep: zsBizStep('explosive_return'),
      bizLocation: { id: cat.site.magazine },
      ...base,
      'zs:detonatorCount': 2,
    }),
  ]);
}

/** A mistyped inspection record, declared an error and corrected (EPCIS 2.0 §7.4.1.3 errorDeclaration). */
export async function errorDeclarationChain(ctx: DemoContext, cat: DemoCatalog, r: number): Promise<void> {
  const dairy = ctx.get('dairy');
  const d = r % 40;
  const lot = lgtin(cat.gtin.formula!, `IF26${String(r).padStart(5, '0')}`);
  const wrongId = ctx.uuid();
  const fixId = ctx.uuid();
  const wrong: Obj = objectEvent({
    eventID: wrongId,
    eventTime: at(d + 2, 11),
    quantityList: [qty(lot, 1, 'H87')],
    bizStep: 'inspecting',
    'zs:inspectionResult': 'fail',
    'zs:inspectionReportNo': `CJ-X-${r}`,
  });
  await ctx.capture(dairy, [wrong]);
  await ctx.capture(dairy, [
    objectEvent({
      eventID: fixId,
      eventTime: at(d + 2, 11),
      quantityList: [qty(lot, 1, 'H87')],
      bizStep: 'inspecting',
      'zs:inspectionResult': 'pass',
      'zs:inspectionReportNo': `CJ-X-${r}`,
    }),
    {
      ...wrong,
      errorDeclaration: {
        declarationTime: `${dateOf(d + 3)}T09:00:00+08:00`,
        reason: 'incorrect_data',
        correctiveEventIDs: [fixId],
      },
    },
  ]);
}
