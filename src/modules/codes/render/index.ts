/** Barcode rendering and label-sheet PDFs of the `codes` module. */
export {
  type BarcodeFormat,
  type BarcodeGeometry,
  barcodeGeometry,
  QUIET_ZONE,
  type RenderBarcodeOptions,
  type RenderedBarcode,
  renderBarcode,
  SYMBOLOGIES,
  type Symbology,
} from './barcode.renderer.js';
export {
  type BuildCjkFontOptions,
  type BuiltFont,
  buildCjkFont,
  CJK_FONT_SOURCE,
  hasCjkGlyph,
} from './cjk-font.builder.js';
export {
  type Edges,
  type LabelLayout,
  type LayoutOptions,
  labelPosition,
  NAMED_ROLL_LAYOUTS,
  NAMED_SHEET_LAYOUTS,
  resolveLabelLayout,
} from './label-layouts.js';
export {
  createLabelSheetStream,
  type LabelInput,
  type LabelSheetInput,
  MAX_LABELS_PER_SHEET,
  renderLabelSheet,
} from './label-sheet.renderer.js';
export { CODES_RENDER_FAILED, renderFailed } from './render.errors.js';
