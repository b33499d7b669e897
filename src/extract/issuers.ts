/**
 * @module extract/issuers
 * 发文机关: the organs before 关于 in the title (short names as printed), else the 发文机关标志
 * of the red head, else the 署名. A title prefix ending in `等三部门` defers to the red head,
 * which lists them all.
 */
import type { Doc } from '../document.js';
import { squeezeCjkSpaces, stripMarkup } from '../structure/patterns.js';
import type { Located, Structure } from '../structure/types.js';

const SEPARATORS = /[\s、，,；;和与及]+/;

function splitOrgans(s: string): string[] {
  return s
    .split(SEPARATORS)
    .map((x) => x.trim())
    .filter((x) => x.length >= 2 && x !== '文件');
}

/** `科 学 技 术 部` (letter-spaced red head) is one organ; `科技部 中央宣传部` are two. */
function organsOfLine(line: string): string[] {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length > 2 && tokens.every((t) => [...t].length === 1)) return [tokens.join('')];
  return splitOrgans(line);
}

export function extractIssuers(doc: Doc, s: Structure): { names: string[]; from: Located[] } {
  if (s.title) {
    const raw = stripMarkup(doc.text.slice(s.title.start, s.title.end).replace(/\n/g, ''));
    const at = raw.indexOf('关于');
    const prefix = at > 0 ? raw.slice(0, at).trim() : '';
    if (prefix && !/等\s*[一二三四五六七八九十\d]+\s*(?:个)?(?:部门|单位)$/.test(prefix)) {
      return { names: organsOfLine(prefix), from: [s.title] };
    }
  }
  if (s.issuerMark.length > 0) {
    return { names: s.issuerMark.flatMap((m) => organsOfLine(m.text).map(squeezeCjkSpaces)), from: s.issuerMark };
  }
  if (s.signature.length > 0) return { names: s.signature.flatMap((l) => organsOfLine(l.text)), from: s.signature };
  return { names: [], from: [] };
}
