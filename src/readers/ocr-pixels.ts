/**
 * @module readers/ocr-pixels
 * Grey pixels of page images for finding table rules: binary PGM (what `pdftoppm -gray` writes)
 * and PNG (8-bit, not interlaced: grey, grey+alpha, RGB, RGBA — what scanners and pdftoppm
 * write). Anything else gives null: the page is still recognised, without its rules.
 */
import { inflateSync } from 'node:zlib';
import type { GreyImage } from './ocr-rules.js';

/** Images above this many pixels are not decoded for rules (a 600 dpi A3 scan is ~70 M). */
const MAX_PIXELS = 80_000_000;

export function parsePgm(buf: Buffer): GreyImage | null {
  // P5, then width, height and maxval as ASCII separated by whitespace (and # comments).
  const head = buf.subarray(0, 256).toString('latin1');
  const m = /^P5(?:\s+|#[^\n]*\n)+(\d+)(?:\s+|#[^\n]*\n)+(\d+)(?:\s+|#[^\n]*\n)+(\d+)\s/.exec(head);
  if (!m) return null;
  const [width, height, max] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (max > 255 || width * height > MAX_PIXELS) return null;
  const data = buf.subarray(m[0].length, m[0].length + width * height);
  return data.length === width * height ? { width, height, data: new Uint8Array(data) } : null;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(bytes: Uint8Array): { image: GreyImage; dpi: number | null } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  let dpi: number | null = null;
  const idat: Buffer[] = [];
  while (at + 8 <= buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, color, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      channels = depth === 8 && interlace === 0 ? (CHANNELS[color ?? -1] ?? 0) : 0;
      if (channels === 0 || width * height > MAX_PIXELS) return null;
    } else if (type === 'pHYs' && body[8] === 1) {
      dpi = Math.round(body.readUInt32BE(0) * 0.0254);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + len;
  }
  if (channels === 0) return null;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (width * channels + 1) * height + 1 });
  } catch {
    return null;
  }
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) return null;
  const data = new Uint8Array(width * height);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = new Uint8Array(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (line[i - channels] as number) : 0;
      const b = prev[i] as number;
      const c = i >= channels ? (prev[i - channels] as number) : 0;
      let v = line[i] as number;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = x * channels;
      data[y * width + x] = channels >= 3 ? ((line[o] as number) * 299 + (line[o + 1] as number) * 587 + (line[o + 2] as number) * 114) / 1000 : (line[o] as number);
    }
    prev = line;
  }
  return { image: { width, height, data }, dpi: dpi && dpi > 30 && dpi < 2400 ? dpi : null };
}
