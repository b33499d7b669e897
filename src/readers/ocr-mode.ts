/**
 * @module readers/ocr-mode
 * When OCR runs (`--ocr`, TONGZHI_OCR) and which files are page images for it: kept apart from
 * readers/ocr so that the PDF reader, the format table and the configuration need not load it.
 */

/**
 * off: never (scans and images are refused with `no_text_layer`); auto: PDFs without a usable
 * text layer (image pages, broken ToUnicode maps) and page images; force: also PDFs whose text
 * layer is thin (under 10 characters a page: a stamp or page numbers over outlined text). A PDF
 * with a real text layer is never OCRed.
 */
export type OcrMode = 'off' | 'auto' | 'force';
export const OCR_MODES: readonly OcrMode[] = ['off', 'auto', 'force'];

/** The mode from TONGZHI_OCR when a caller passes none (auto when unset or unknown). */
export function ocrModeFromEnv(env: NodeJS.ProcessEnv = process.env): OcrMode {
  const v = env['TONGZHI_OCR']?.trim().toLowerCase();
  return (OCR_MODES as readonly string[]).includes(v ?? '') ? (v as OcrMode) : 'auto';
}

const IMAGE_MAGIC: ReadonlyArray<{ ext: string; magic: number[] }> = [
  { ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { ext: 'tif', magic: [0x49, 0x49, 0x2a, 0x00] },
  { ext: 'tif', magic: [0x4d, 0x4d, 0x00, 0x2a] },
];

export function imageKind(bytes: Uint8Array): string | null {
  return IMAGE_MAGIC.find((k) => k.magic.every((b, i) => bytes[i] === b))?.ext ?? null;
}
