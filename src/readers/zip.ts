/**
 * @module readers/zip
 * One walk over a ZIP's central directory with the limits every ZIP-based input shares (DOCX
 * packages, bundles of a notice and its attachment files): entry count, declared and actual
 * inflated sizes, checked before anything inflates an entry whole. Names are decoded as the
 * archiver wrote them: UTF-8 when the language-encoding flag (bit 11) or an Info-ZIP Unicode
 * Path field says so, else GBK (GB18030) — archives made on Chinese Windows carry no flag —
 * unless the bytes are valid UTF-8 (macOS and Linux zip write UTF-8 without the flag).
 */
import { constants, inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { IngestError } from '../errors.js';

export interface ZipLimits {
  /** ZIP entries (a Word file has a few dozen; bombs have tens of thousands). */
  maxEntries: number;
  /** Bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Bytes all entries together may inflate to. */
  maxTotalBytes: number;
}

export interface ZipEntry {
  name: string;
  /** A folder entry (name ends with `/`). */
  folder: boolean;
  /** Bit 0 of the flags: the entry is encrypted (a password-protected archive). */
  encrypted: boolean;
  method: number;
  declared: number;
  /** The inflated bytes, for entries `keep` asked for; null when they could not be inflated (damaged data, unknown method). */
  content: Buffer | null;
  /** Why `content` is null. */
  damage?: string;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UNICODE_PATH = 0x7075;

/** Valid UTF-8 with at least one multi-byte sequence (pure ASCII decodes the same either way). */
function isUtf8(raw: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(raw);
    return true;
  } catch {
    return false;
  }
}

/** The Info-ZIP Unicode Path extra field (0x7075): version 1, CRC of the raw name, then the UTF-8 name. */
function unicodePath(extra: Buffer): string | null {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === UNICODE_PATH && size >= 5 && at + 4 + size <= extra.length && extra[at + 4] === 1) {
      return extra.toString('utf8', at + 9, at + 4 + size);
    }
    at += 4 + size;
  }
  return null;
}

export function decodeEntryName(raw: Buffer, flags: number, extra: Buffer = Buffer.alloc(0)): string {
  if (flags & 0x0800) return raw.toString('utf8');
  const unicode = unicodePath(extra);
  if (unicode) return unicode;
  if (raw.every((b) => b < 0x80) || isUtf8(raw)) return raw.toString('utf8');
  return iconv.decode(raw, 'gb18030');
}

/**
 * Walks the central directory, enforcing `limits` (too_complex naming the entry), and returns
 * every entry with the content of those `keep` selects. Every deflated entry is inflated with a
 * ceiling on its output, kept or not: declared sizes can lie. `what` names the container in
 * messages (`the DOCX`, `the archive`). A file without an end-of-central-directory record gives
 * no entries: callers decide whether that is corrupt.
 */
export function walkZip(bytes: Uint8Array, file: string, limits: ZipLimits, what: string, keep: (name: string) => boolean): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ZipEntry[] = [];
  const tooComplex = (why: string): IngestError => new IngestError('too_complex', file, 'read', `${what} is too complex to read: ${why}`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const declaredEntries = buf.readUInt16LE(eocd + 10);
  if (declaredEntries > limits.maxEntries) throw tooComplex(`it has ${declaredEntries} ZIP entries, above the limit of ${limits.maxEntries}`);
  let at = buf.readUInt32LE(eocd + 16);
  let declaredTotal = 0;
  let inflatedTotal = 0;
  while (at + 46 <= buf.length && buf.readUInt32LE(at) === CENTRAL) {
    if (out.length + 1 > limits.maxEntries) throw tooComplex(`it has more than ${limits.maxEntries} ZIP entries`);
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const declared = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const next = at + 46 + nameLength + extraLength + buf.readUInt16LE(at + 32);
    const raw = buf.subarray(at + 46, at + 46 + nameLength);
    const name = decodeEntryName(raw, flags, buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    const local = buf.readUInt32LE(at + 42);
    at = next;
    const entry: ZipEntry = { name, folder: name.endsWith('/'), encrypted: (flags & 1) === 1, method, declared, content: null };
    out.push(entry);
    declaredTotal += declared;
    if (declared > limits.maxEntryBytes) throw tooComplex(`its entry ${name} declares ${declared} bytes uncompressed, above the limit of ${limits.maxEntryBytes}`);
    if (declaredTotal > limits.maxTotalBytes) throw tooComplex(`its entries declare more than ${limits.maxTotalBytes} bytes uncompressed`);
    if (entry.folder || entry.encrypted) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) {
      entry.damage = 'its local header is missing (the archive is cut or damaged)';
      continue;
    }
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressed > buf.length) {
      entry.damage = `its data runs past the end of the archive (${compressed} bytes from offset ${dataStart}, the file has ${buf.length})`;
      continue;
    }
    const data = buf.subarray(dataStart, dataStart + compressed);
    const budget = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - inflatedTotal);
    let content: Buffer;
    if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, budget + 1), finishFlush: constants.Z_SYNC_FLUSH });
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
          throw tooComplex(`its entry ${name} inflates to more than ${budget} bytes (it declares ${declared})`);
        }
        entry.damage = `its data does not inflate (${(e as Error).message})`;
        continue;
      }
    } else if (method === 0) {
      content = data;
    } else {
      entry.damage = `it uses compression method ${method}; only stored (0) and deflate (8) are read`;
      continue;
    }
    if (content.length > budget) throw tooComplex(`its entry ${name} inflates to more than ${budget} bytes (it declares ${declared})`);
    inflatedTotal += content.length;
    if (keep(name)) entry.content = content;
  }
  return out;
}
