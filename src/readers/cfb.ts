/**
 * @module readers/cfb
 * A small, bounded reader of OLE2 compound files (MS-CFB), the container of .doc, .wps, .xls
 * and .et files and of password-protected .docx/.xlsx. Detection needs the names of the
 * streams inside (WordDocument vs Workbook), which no magic number gives; and a truncated
 * file is found here, before a converter guesses its way through it.
 *
 * Every chain walk is bounded by the number of sectors in the file, so a hostile FAT with
 * loops or out-of-range pointers ends in a CfbError, never in a hang.
 */

export const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const NO_STREAM = 0xffffffff;
const HEADER_DIFAT = 109;

export class CfbError extends Error {}

export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
  start: number;
  size: number;
}

export interface Cfb {
  entries: CfbEntry[];
  /** Whole stream by name (first match, case-insensitive as in MS-CFB); null when absent. */
  stream(name: string, maxBytes?: number): Uint8Array | null;
  has(name: string): boolean;
}

export function isOle2(bytes: Uint8Array): boolean {
  return OLE2_MAGIC.every((b, i) => bytes[i] === b);
}

/** Opens the container; null when the bytes are not OLE2, CfbError when its structure is broken. */
export function openCfb(bytes: Uint8Array): Cfb | null {
  if (bytes.byteLength < 512 || !isOle2(bytes)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number): number => view.getUint16(o, true);
  const u32 = (o: number): number => view.getUint32(o, true);

  const shift = u16(0x1e);
  const miniShift = u16(0x20);
  if ((shift !== 9 && shift !== 12) || miniShift !== 6) throw new CfbError('bad sector size in the OLE2 header');
  const sectorSize = 1 << shift;
  const miniSize = 1 << miniShift;
  const sectorCount = Math.ceil((bytes.byteLength - sectorSize) / sectorSize);
  const maxSteps = Math.max(sectorCount, 1) + 1;
  const sectorAt = (n: number): Uint8Array => {
    const off = (n + 1) * sectorSize;
    if (n >= FREE - 5 || off >= bytes.byteLength) throw new CfbError(`sector ${n} lies beyond the end of the file (truncated?)`);
    if (off + sectorSize <= bytes.byteLength) return bytes.subarray(off, off + sectorSize);
    // WPS Office writes files whose last sector is cut short; Word and LibreOffice read them.
    const padded = new Uint8Array(sectorSize);
    padded.set(bytes.subarray(off));
    return padded;
  };

  // FAT sector numbers: 109 in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  const numFat = u32(0x2c);
  if (numFat > sectorCount + 1) throw new CfbError('the OLE2 header claims more FAT sectors than the file holds');
  for (let i = 0; i < Math.min(numFat, HEADER_DIFAT); i++) fatSectors.push(u32(0x4c + i * 4));
  let difat = u32(0x44);
  for (let steps = 0; fatSectors.length < numFat && difat !== END_OF_CHAIN && difat !== FREE; steps++) {
    if (steps > maxSteps) throw new CfbError('loop in the DIFAT chain');
    const s = sectorAt(difat);
    const sv = new DataView(s.buffer, s.byteOffset, s.byteLength);
    for (let i = 0; i < sectorSize / 4 - 1 && fatSectors.length < numFat; i++) fatSectors.push(sv.getUint32(i * 4, true));
    difat = sv.getUint32(sectorSize - 4, true);
  }
  const fat = new Uint32Array(fatSectors.length * (sectorSize / 4));
  fatSectors.forEach((fs, i) => {
    const s = sectorAt(fs);
    const sv = new DataView(s.buffer, s.byteOffset, s.byteLength);
    for (let j = 0; j < sectorSize / 4; j++) fat[i * (sectorSize / 4) + j] = sv.getUint32(j * 4, true);
  });

  const chain = (start: number): number[] => {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN; ) {
      if (out.length > maxSteps) throw new CfbError('loop in a sector chain');
      if (s >= fat.length) throw new CfbError(`sector chain points at ${s}, outside the allocation table (truncated?)`);
      out.push(s);
      s = fat[s] ?? END_OF_CHAIN;
    }
    return out;
  };
  const readChain = (start: number, size: number): Uint8Array => {
    const sectors = chain(start);
    if (sectors.length * sectorSize < size) throw new CfbError('a stream is shorter than its directory entry says (truncated?)');
    const out = new Uint8Array(Math.min(size, sectors.length * sectorSize));
    sectors.forEach((s, i) => {
      const part = sectorAt(s);
      const at = i * sectorSize;
      if (at < out.length) out.set(part.subarray(0, Math.min(sectorSize, out.length - at)), at);
    });
    return out;
  };

  const dirBytes = readChain(u32(0x30), chain(u32(0x30)).length * sectorSize);
  const dv = new DataView(dirBytes.buffer, dirBytes.byteOffset, dirBytes.byteLength);
  const entries: CfbEntry[] = [];
  for (let o = 0; o + 128 <= dirBytes.byteLength; o += 128) {
    const type = dirBytes[o + 0x42] ?? 0;
    if (type === 0) continue;
    const nameLen = Math.min(dv.getUint16(o + 0x40, true), 64);
    const name = Buffer.from(dirBytes.subarray(o, o + Math.max(0, nameLen - 2))).toString('utf16le');
    // Version 3 files may leave garbage in the size's high half; no stream here is above 4 GiB.
    entries.push({ name, type, start: dv.getUint32(o + 0x74, true), size: dv.getUint32(o + 0x78, true) });
  }
  const root = entries.find((e) => e.type === 5);
  if (!root) throw new CfbError('no root entry in the OLE2 directory');
  const cutoff = u32(0x38) || 4096;

  let mini: { fat: Uint32Array; data: Uint8Array } | null = null;
  const miniStream = (): { fat: Uint32Array; data: Uint8Array } => {
    if (mini) return mini;
    const nMini = u32(0x40);
    const miniFatBytes = nMini > 0 ? readChain(u32(0x3c), nMini * sectorSize) : new Uint8Array(0);
    const mf = new Uint32Array(Math.floor(miniFatBytes.byteLength / 4));
    const mv = new DataView(miniFatBytes.buffer, miniFatBytes.byteOffset, miniFatBytes.byteLength);
    for (let i = 0; i < mf.length; i++) mf[i] = mv.getUint32(i * 4, true);
    const data = root.start === END_OF_CHAIN || root.start === NO_STREAM ? new Uint8Array(0) : readChain(root.start, root.size);
    mini = { fat: mf, data };
    return mini;
  };
  const readMini = (start: number, size: number): Uint8Array => {
    const { fat: mf, data } = miniStream();
    const out = new Uint8Array(size);
    let at = 0;
    for (let s = start, steps = 0; s !== END_OF_CHAIN && at < size; steps++) {
      if (steps > mf.length || s >= mf.length) throw new CfbError('broken mini-stream chain (truncated?)');
      const off = s * miniSize;
      if (off + miniSize > data.byteLength) throw new CfbError('mini sector beyond the mini stream (truncated?)');
      out.set(data.subarray(off, off + Math.min(miniSize, size - at)), at);
      at += miniSize;
      s = mf[s] ?? END_OF_CHAIN;
    }
    if (at < size) throw new CfbError('a stream is shorter than its directory entry says (truncated?)');
    return out;
  };

  const find = (name: string): CfbEntry | undefined => entries.find((e) => e.type === 2 && e.name.toLowerCase() === name.toLowerCase());
  return {
    entries,
    has: (name) => find(name) !== undefined,
    stream(name, maxBytes = Infinity) {
      const e = find(name);
      if (!e) return null;
      const size = Math.min(e.size, maxBytes);
      if (e.size < cutoff) return readMini(e.start, size);
      return readChain(e.start, size);
    },
  };
}
