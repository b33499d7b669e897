/**
 * @module extract/forms/keys
 * Stable ASCII property keys for form fields. Form generators, databases and URL query strings
 * want ASCII identifiers; the printed Chinese label stays in `title`. A key is the label's
 * pinyin (hints in brackets dropped), so the same printed label gives the same key in every
 * file format and every run; a clash within one object gets `_2`, `_3` ….
 */
import { createRequire } from 'node:module';

type Pinyin = typeof import('pinyin-pro').pinyin;
let pinyinFn: Pinyin | null = null;

/**
 * pinyin-pro, loaded on the first key: its dictionary is some 17 MB resident, and a job process
 * that meets no form never needs it (its CommonJS build loads synchronously, as keys are made).
 */
function loadPinyin(): Pinyin {
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin;
  return pinyinFn;
}

/** Beyond this many syllables a key stops growing: long questions still get short keys. */
const MAX_SYLLABLES = 10;

/** `活动经费投入数量（单位：万元）` → `huo_dong_jing_fei_tou_ru_shu_liang`. */
export function asciiKey(label: string): string {
  const core = label.replace(/[（(][^（()）]*[）)]/g, '').trim() || label;
  const syllables: string[] = [];
  for (const part of loadPinyin()(core, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })) {
    const ascii = part.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    if (ascii) syllables.push(...ascii.split('_'));
    if (syllables.length >= MAX_SYLLABLES) break;
  }
  const key = syllables.slice(0, MAX_SYLLABLES).join('_');
  if (!key) return 'field';
  return /^[0-9]/.test(key) ? `f_${key}` : key;
}

/** Hands out keys unique within one object. */
export class KeyScope {
  private readonly used = new Map<string, number>();

  take(label: string): string {
    return this.claim(asciiKey(label));
  }

  claim(base: string): string {
    const n = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  }
}
