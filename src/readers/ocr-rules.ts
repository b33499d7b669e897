/**
 * @module readers/ocr-rules
 * Finds the ruling lines of tables in a scanned page (8-bit grey pixels), so that a scanned
 * form gives the same table as the printed one (pdf-tables does the rest).
 *
 * A rule is a long, thin run of dark pixels: horizontal runs at least 4 % of the page width,
 * vertical ones at least 1.2 % of its height, a few pixels of scanner noise bridged, runs on
 * neighbouring rows (columns) merged into one rule. Character strokes are short, but a tall
 * stroke can pass for a short vertical rule, so a vertical rule is kept only when both its ends
 * meet horizontal rules, and a horizontal one only when a kept vertical rule meets it: that is
 * what a ruled table is.
 */

/** A rule in image pixels (y downwards), x0 ≤ x1, y0 ≤ y1. */
export interface PixelRule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface GreyImage {
  width: number;
  height: number;
  /** One byte a pixel, row by row; 0 black. */
  data: Uint8Array;
}

const DARK = 160;
const BRIDGE = 2;
const MAX_THICKNESS_RATIO = 0.008;

interface Run {
  from: number;
  to: number;
  at: number;
}

/** Runs of dark pixels along one axis, ≥ minLen, gaps ≤ BRIDGE bridged. */
function runs(img: GreyImage, horizontal: boolean, minLen: number): Run[] {
  const out: Run[] = [];
  const lines = horizontal ? img.height : img.width;
  const length = horizontal ? img.width : img.height;
  for (let a = 0; a < lines; a++) {
    let start = -1;
    let lastDark = -1;
    for (let b = 0; b <= length; b++) {
      const dark = b < length && (img.data[horizontal ? a * img.width + b : b * img.width + a] ?? 255) < DARK;
      if (dark) {
        if (start < 0 || b - lastDark > BRIDGE + 1) {
          if (start >= 0 && lastDark - start + 1 >= minLen) out.push({ from: start, to: lastDark, at: a });
          start = b;
        }
        lastDark = b;
      }
    }
    if (start >= 0 && lastDark - start + 1 >= minLen) out.push({ from: start, to: lastDark, at: a });
  }
  return out;
}

/** Runs on neighbouring lines that overlap mostly are one rule; too thick means a filled area. */
function merge(found: Run[], maxThickness: number): Array<{ from: number; to: number; a0: number; a1: number }> {
  const rules: Array<{ from: number; to: number; a0: number; a1: number }> = [];
  const open: Array<{ from: number; to: number; a0: number; a1: number }> = [];
  for (const r of found) {
    const hit = open.find((o) => r.at - o.a1 <= 2 && Math.min(o.to, r.to) - Math.max(o.from, r.from) > 0.5 * Math.min(o.to - o.from, r.to - r.from));
    if (hit) {
      hit.from = Math.min(hit.from, r.from);
      hit.to = Math.max(hit.to, r.to);
      hit.a1 = r.at;
    } else {
      const rule = { from: r.from, to: r.to, a0: r.at, a1: r.at };
      open.push(rule);
      rules.push(rule);
    }
    // Rules that can no longer grow leave the open list (runs come line by line).
    for (let i = open.length - 1; i >= 0; i--) if (r.at - (open[i] as { a1: number }).a1 > 2) open.splice(i, 1);
  }
  return rules.filter((r) => r.a1 - r.a0 + 1 <= maxThickness);
}

export function findRules(img: GreyImage): PixelRule[] {
  const thick = Math.max(4, Math.round(MAX_THICKNESS_RATIO * Math.max(img.width, img.height)));
  const hs = merge(runs(img, true, Math.max(30, Math.round(0.04 * img.width))), thick).map((r) => ({ x0: r.from, x1: r.to, y0: (r.a0 + r.a1) / 2, y1: (r.a0 + r.a1) / 2 }));
  const vs = merge(runs(img, false, Math.max(15, Math.round(0.012 * img.height))), thick).map((r) => ({ y0: r.from, y1: r.to, x0: (r.a0 + r.a1) / 2, x1: (r.a0 + r.a1) / 2 }));
  // Rules meet within a few pixels; a character's stroke inside a cell stops short of them.
  const tol = Math.max(3, Math.round(0.003 * Math.max(img.width, img.height)));
  const meets = (h: PixelRule, x: number, y: number): boolean => Math.abs(h.y0 - y) <= tol && x >= h.x0 - tol && x <= h.x1 + tol;
  const keptV = vs.filter((v) => hs.some((h) => meets(h, v.x0, v.y0)) && hs.some((h) => meets(h, v.x0, v.y1)));
  const keptH = hs.filter((h) => keptV.some((v) => h.y0 >= v.y0 - tol && h.y0 <= v.y1 + tol && v.x0 >= h.x0 - tol && v.x0 <= h.x1 + tol));
  // Snap the vertical rules' ends onto the horizontals they meet: scans leave them a little short or long.
  const snap = (x: number, y: number): number => keptH.find((h) => meets(h, x, y))?.y0 ?? y;
  return [...keptH, ...keptV.map((v) => ({ ...v, y0: snap(v.x0, v.y0), y1: snap(v.x0, v.y1) }))];
}
