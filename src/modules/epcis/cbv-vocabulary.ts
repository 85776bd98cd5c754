/**
 * The CBV 2.0 standard vocabularies as tables. In the JSON-LD binding a standard value is written as a
 * bare word (`shipping`); in XML as a URN (`urn:epcglobal:cbv:bizstep:shipping`); both mean the web URI
 * `https://ref.gs1.org/cbv/BizStep-shipping` (CBV 2.0 §6.4 and §8.2–8.6).
 */

import { CBV_BIZSTEPS } from '../catalogue/namespace.js';

/** Business steps, CBV 2.0 §7.1: the one list of them is the catalogue's (its profiles map stages onto them). */
export const BIZ_STEPS: ReadonlySet<string> = new Set(CBV_BIZSTEPS);

/** Dispositions, CBV 2.0 §7.2. */
export const DISPOSITIONS: ReadonlySet<string> = new Set([
  'active',
  'available',
  'completeness_verified',
  'completeness_inferred',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_instance',
  'mismatch_class',
  'mismatch_quantity',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
]);

/** Business transaction types, CBV 2.0 §7.3. */
export const BIZ_TRANSACTION_TYPES: ReadonlySet<string> = new Set([
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
]);

/** Source/destination types, CBV 2.0 §7.4. */
export const SOURCE_DESTINATION_TYPES: ReadonlySet<string> = new Set([
  'owning_party',
  'possessing_party',
  'location',
]);

/** Error reasons, CBV 2.0 §7.5. */
export const ERROR_REASONS: ReadonlySet<string> = new Set(['did_not_occur', 'incorrect_data']);

/** Sensor alert types (EPCIS 2.0 §7.3.6.2 `exception`, GS1 Web Vocabulary gs1:SensorAlertType). */
export const SENSOR_ALERT_TYPES: ReadonlySet<string> = new Set(['ALARM_CONDITION', 'ERROR_CONDITION']);

/** Vector components, CBV 2.0 §7.6 (Comp-…). */
export const COMPONENTS: ReadonlySet<string> = new Set([
  'x',
  'y',
  'z',
  'axial_distance',
  'azimuth',
  'height',
  'spherical_radius',
  'polar_angle',
  'elevation_angle',
  'easting',
  'northing',
  'latitude',
  'longitude',
  'altitude',
]);

/** Measurement types (GS1 Web Vocabulary gs1:MeasurementType, used by EPCIS 2.0 §7.3.6.2 `type`). */
export const MEASUREMENT_TYPES: ReadonlySet<string> = new Set([
  'AbsoluteHumidity',
  'AbsorbedDose',
  'AbsorbedDoseRate',
  'Acceleration',
  'Radioactivity',
  'Altitude',
  'AmountOfSubstance',
  'AmountOfSubstancePerUnitVolume',
  'Angle',
  'AngularAcceleration',
  'AngularMomentum',
  'AngularVelocity',
  'Area',
  'Capacitance',
  'Conductance',
  'Conductivity',
  'Count',
  'Density',
  'Dimensionless',
  'DoseEquivalent',
  'DoseEquivalentRate',
  'DynamicViscosity',
  'ElectricCharge',
  'ElectricCurrent',
  'ElectricCurrentDensity',
  'ElectricFieldStrength',
  'Energy',
  'Exposure',
  'Force',
  'Frequency',
  'Illuminance',
  'Inductance',
  'Irradiance',
  'KinematicViscosity',
  'Length',
  'LinearMomentum',
  'Luminance',
  'LuminousFlux',
  'LuminousIntensity',
  'MagneticFlux',
  'MagneticFluxDensity',
  'MagneticVectorPotential',
  'Mass',
  'MassConcentration',
  'MassFlowRate',
  'MassPerAreaTime',
  'MemoryCapacity',
  'MolalityOfSolute',
  'MolarEnergy',
  'MolarMass',
  'MolarVolume',
  'Power',
  'Pressure',
  'RadiantFlux',
  'RadiantIntensity',
  'RelativeHumidity',
  'Resistance',
  'Resistivity',
  'SolidAngle',
  'SpecificVolume',
  'Speed',
  'SurfaceDensity',
  'SurfaceTension',
  'Temperature',
  'Time',
  'Torque',
  'Voltage',
  'Volume',
  'VolumeFlowRate',
  'VolumeFraction',
  'VolumetricFlux',
  'Wavenumber',
]);

/** A CBV vocabulary: its table, the web-URI term prefix and the legacy URN prefix. */
export interface CbvVocabulary {
  name: string;
  values: ReadonlySet<string>;
  /** Prefix of the web URI, e.g. `https://ref.gs1.org/cbv/BizStep-` (CBV 2.0 §8.2). */
  webPrefix: string;
  /** Prefix of the URN form used by EPCIS 1.x and XML, e.g. `urn:epcglobal:cbv:bizstep:`. */
  urnPrefix: string | null;
}

const CBV = 'https://ref.gs1.org/cbv/';
/** Base IRI of the GS1 Web Vocabulary as the EPCIS 2.0.0 context defines `gs1:`. */
export const GS1_VOC = 'https://gs1.org/voc/';

/** The vocabularies by the field that uses them. */
export const VOCABULARIES = {
  bizStep: {
    name: 'bizStep',
    values: BIZ_STEPS,
    webPrefix: `${CBV}BizStep-`,
    urnPrefix: 'urn:epcglobal:cbv:bizstep:',
  },
  disposition: {
    name: 'disposition',
    values: DISPOSITIONS,
    webPrefix: `${CBV}Disp-`,
    urnPrefix: 'urn:epcglobal:cbv:disp:',
  },
  bizTransactionType: {
    name: 'bizTransaction type',
    values: BIZ_TRANSACTION_TYPES,
    webPrefix: `${CBV}BTT-`,
    urnPrefix: 'urn:epcglobal:cbv:btt:',
  },
  sourceDestType: {
    name: 'source/destination type',
    values: SOURCE_DESTINATION_TYPES,
    webPrefix: `${CBV}SDT-`,
    urnPrefix: 'urn:epcglobal:cbv:sdt:',
  },
  errorReason: {
    name: 'error reason',
    values: ERROR_REASONS,
    webPrefix: `${CBV}ER-`,
    urnPrefix: 'urn:epcglobal:cbv:er:',
  },
  component: { name: 'component', values: COMPONENTS, webPrefix: `${CBV}Comp-`, urnPrefix: null },
  measurementType: {
    name: 'measurement type',
    values: MEASUREMENT_TYPES,
    webPrefix: GS1_VOC,
    urnPrefix: null,
  },
  sensorAlertType: {
    name: 'sensor alert type',
    values: SENSOR_ALERT_TYPES,
    webPrefix: GS1_VOC,
    urnPrefix: null,
  },
} satisfies Record<string, CbvVocabulary>;

/** The legacy CBV URN prefixes and the web-URI prefixes they map to (CBV 2.0 §8.2, used by the event hash). */
export const CBV_URN_TO_WEB: ReadonlyArray<readonly [string, string]> = [
  ['urn:epcglobal:cbv:bizstep:', `${CBV}BizStep-`],
  ['urn:epcglobal:cbv:disp:', `${CBV}Disp-`],
  ['urn:epcglobal:cbv:btt:', `${CBV}BTT-`],
  ['urn:epcglobal:cbv:sdt:', `${CBV}SDT-`],
  ['urn:epcglobal:cbv:er:', `${CBV}ER-`],
];

/** The bare CBV word of a value written as a CBV URN or web URI of `vocab`, or null if it is neither. */
export function bareWordOf(value: string, vocab: CbvVocabulary): string | null {
  if (vocab.urnPrefix !== null && value.startsWith(vocab.urnPrefix))
    return value.slice(vocab.urnPrefix.length);
  if (value.startsWith(vocab.webPrefix)) return value.slice(vocab.webPrefix.length);
  return null;
}
