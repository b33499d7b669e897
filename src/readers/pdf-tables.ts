/**
 * @module readers/pdf-tables
 * Recovers ruled tables (the 附件 forms) from the vector paths of a page.
 *
 * A PDF has no tables, only lines. The thin black rules are read from the operator list, put on
 * a grid of distinct x and y positions, and every grid rectangle whose side has no rule is merged
 * with its neighbour: that is how row and column spans show on paper.
 */
/** An axis-aligned rule in PDF user space, x0 ≤ x1, y0 ≤ y1 (one of the two pairs equal). */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One cell of a recovered table, with its rectangle. */
export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface TableGrid {
  /** Cells in reading order: by row, then left to right; covered grid slots are not repeated. */
  cells: GridCell[];
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The opcodes this module reads, from `pdfjs.OPS` (passed in so this file stays pdfjs-free). */
export interface PathOps {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  endPath: number;
  setStrokeRGBColor: number;
  setFillRGBColor: number;
  fill: number;
  eoFill: number;
}

type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** Positions closer than this (pt) are the same grid line. */
const SNAP = 2;
/** A filled rectangle thinner than this (pt) is drawn as a rule. */
const THIN = 3;
/** Path drawing codes inside pdfjs 5's constructPath data (pdfjs `DrawOPS`). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

function multiply(m: Matrix, n: readonly number[]): Matrix {
  const [a, b, c, d, e, f] = m;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = n;
  return [
    a2 * a + b2 * c,
    a2 * b + b2 * d,
    c2 * a + d2 * c,
    c2 * b + d2 * d,
    e2 * a + f2 * c + e,
    e2 * b + f2 * d + f,
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * Every straight horizontal or vertical stroke (or thin filled bar) drawn on the page, up to
 * `max` of them (a page of 100,000 hairlines is a drawing, not a form; the caller gives up on
 * its tables once there are more than it will look at).
 * pdfjs 5 folds paths into `constructPath` ops whose args are `[paintOp, [Float32Array], minMax]`,
 * the array holding DrawOPS codes followed by their coordinates, in the current user space.
 */
export function rulingSegments(fnArray: readonly number[], argsArray: readonly unknown[], ops: PathOps, max = Number.POSITIVE_INFINITY): Segment[] {
  const segments: Segment[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  let strokeWhite = false;
  let fillWhite = false;
  for (let i = 0; i < fnArray.length && segments.length < max; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === ops.transform && Array.isArray(args)) ctm = multiply(ctm, args as number[]);
    else if (fn === ops.setStrokeRGBColor) strokeWhite = isWhite(args);
    else if (fn === ops.setFillRGBColor) fillWhite = isWhite(args);
    else if (fn === ops.constructPath && Array.isArray(args)) {
      const [paint, data] = args as [unknown, unknown];
      if (typeof paint !== 'number' || paint === ops.endPath) continue;
      const path = Array.isArray(data) ? data[0] : undefined;
      if (!(path instanceof Float32Array)) continue;
      const filled = paint === ops.fill || paint === ops.eoFill;
      if (filled ? fillWhite : strokeWhite) continue;
      // Not push(...): a path of 100,000 edges would overflow the call stack as arguments.
      for (const seg of pathSegments(path, ctm, filled)) segments.push(seg);
    }
  }
  return segments;
}

/** White rules are invisible: they do not bound cells. */
function isWhite(args: unknown): boolean {
  const v = Array.isArray(args) ? args[0] : undefined;
  return typeof v === 'string' && v.toLowerCase() === '#ffffff';
}

/** Straight axis-aligned edges of a path; a filled path only counts when it is a thin bar. */
function pathSegments(path: Float32Array, ctm: Matrix, filled: boolean): Segment[] {
  const subpaths: Array<Array<[number, number]>> = [];
  let current: Array<[number, number]> = [];
  for (let i = 0; i < path.length; ) {
    const op = path[i++];
    if (op === DRAW.moveTo) {
      if (current.length > 0) subpaths.push(current);
      current = [apply(ctm, path[i] ?? 0, path[i + 1] ?? 0)];
      i += 2;
    } else if (op === DRAW.lineTo) {
      current.push(apply(ctm, path[i] ?? 0, path[i + 1] ?? 0));
      i += 2;
    } else if (op === DRAW.curveTo) {
      // A curve breaks the straight run: start over from its end point.
      if (current.length > 0) subpaths.push(current);
      current = [apply(ctm, path[i + 4] ?? 0, path[i + 5] ?? 0)];
      i += 6;
    } else if (op === DRAW.quadraticCurveTo) {
      if (current.length > 0) subpaths.push(current);
      current = [apply(ctm, path[i + 2] ?? 0, path[i + 3] ?? 0)];
      i += 4;
    } else if (op === DRAW.closePath) {
      const start = current[0];
      if (start) current.push(start);
    } else break;
  }
  if (current.length > 0) subpaths.push(current);
  return subpaths.flatMap((points) => (filled ? thinBar(points) : edges(points)));
}

function edges(points: Array<[number, number]>): Segment[] {
  const out: Segment[] = [];
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1] as [number, number];
    const [bx, by] = points[i] as [number, number];
    const horizontal = Math.abs(ay - by) < 0.5;
    const vertical = Math.abs(ax - bx) < 0.5;
    if (horizontal === vertical) continue; // slanted, or a single point
    out.push({ x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) });
  }
  return out;
}

function thinBar(points: Array<[number, number]>): Segment[] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (y1 - y0 < THIN && x1 - x0 >= THIN) return [{ x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 }];
  if (x1 - x0 < THIN && y1 - y0 >= THIN) return [{ x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 }];
  return [];
}

/** The part of a pdfjs text item `mayHoldTable` looks at; narrowed at runtime. */
interface TextItemLike {
  str: string;
  transform: readonly number[];
  width: number;
}

function isTextItem(v: unknown): v is TextItemLike {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['str'] === 'string' && Array.isArray(o['transform']) && typeof o['width'] === 'number';
}

/** Ink, whitespace, ink: one run that may span neighbouring cells (LibreOffice writes such runs). */
const SPACED_RUN = /\S\s+\S/;
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/**
 * Whether a page may hold a ruled table, judged from its text alone. Reading the rules needs
 * the page's operator list, which costs about as much as its text, and most pages of a notice
 * are prose; so the caller fetches it only for pages this says yes to. A table has at least two
 * columns, and text in neighbouring cells is set apart by the cells' padding and rules: some
 * line has two runs at least an em apart, or one run whose spaces stretch two ems each (a
 * justified line or Word's space between CJK and digits stretches them by about one). Text that
 * is not horizontal (a form turned on its page) is not judged: yes. Errs towards yes.
 */
export function mayHoldTable(items: readonly unknown[]): boolean {
  const runs: Array<{ x: number; end: number; y: number; size: number }> = [];
  for (const item of items) {
    if (!isTextItem(item) || item.str.trim() === '') continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    if (!(size > 0)) continue;
    if (a <= 0 || Math.abs(b) > 0.05 * a) return true;
    const inner = item.str.trim();
    if (SPACED_RUN.test(inner)) {
      // Glyphs take about an em (CJK) or half an em; what is left of the width is spacing.
      const glyphs = [...inner.replace(/\s/g, '')].reduce((w, ch) => w + (CJK.test(ch) ? 1 : 0.5), 0) * size;
      const spaces = inner.match(/\s+/g)?.length ?? 1;
      if (item.width - glyphs >= 2 * size * spaces) return true;
    }
    runs.push({ x, end: x + item.width, y, size });
  }
  // Lines by baseline (within half the font size), each read left to right.
  runs.sort((p, q) => q.y - p.y || p.x - q.x);
  for (let i = 0; i < runs.length; ) {
    const first = runs[i] as (typeof runs)[number];
    let j = i + 1;
    while (j < runs.length && first.y - (runs[j] as (typeof runs)[number]).y < 0.5 * first.size) j++;
    const line = runs.slice(i, j).sort((p, q) => p.x - q.x);
    for (let k = 1; k < line.length; k++) {
      const prev = line[k - 1] as (typeof runs)[number];
      const next = line[k] as (typeof runs)[number];
      if (next.x - prev.end >= Math.max(prev.size, next.size)) return true;
    }
    i = j;
  }
  return false;
}

const isHorizontal = (s: Segment): boolean => s.y1 - s.y0 < 0.5;

/** Tables on a page: groups of touching rules forming at least 2 × 2 cells. */
export function findTables(segments: readonly Segment[]): TableGrid[] {
  return findTablesWithin(segments, Number.POSITIVE_INFINITY).tables;
}

/**
 * `findTables`, leaving out (and counting) tables of more than `maxGridSlots` grid slots: the
 * span search costs rows × columns × rules, and no printed form has thousands of cells.
 */
export function findTablesWithin(segments: readonly Segment[], maxGridSlots: number): { tables: TableGrid[]; skipped: number } {
  const rules = segments.filter((s) => s.x1 - s.x0 >= THIN || s.y1 - s.y0 >= THIN);
  const tables: TableGrid[] = [];
  let skipped = 0;
  for (const group of connectedGroups(rules)) {
    const table = buildGrid(group, maxGridSlots);
    if (table === 'too_large') skipped++;
    else if (table) tables.push(table);
  }
  return { tables: tables.sort((a, b) => b.top - a.top), skipped };
}

function touches(h: Segment, v: Segment): boolean {
  return v.x0 >= h.x0 - SNAP && v.x0 <= h.x1 + SNAP && h.y0 >= v.y0 - SNAP && h.y0 <= v.y1 + SNAP;
}

/** Union-find over horizontal/vertical crossings: one group per drawn table (or stray rule). */
function connectedGroups(rules: readonly Segment[]): Segment[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  rules.forEach((a, i) => {
    if (!isHorizontal(a)) return;
    rules.forEach((b, j) => {
      if (!isHorizontal(b) && touches(a, b)) parent[find(i)] = find(j);
    });
  });
  const groups = new Map<number, Segment[]>();
  rules.forEach((s, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(s);
    else groups.set(root, [s]);
  });
  return [...groups.values()];
}

/** Distinct positions, merged when closer than SNAP. */
function snap(values: number[]): number[] {
  const out: number[] = [];
  for (const v of [...values].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last === undefined || v - last > SNAP) out.push(v);
  }
  return out;
}

function buildGrid(group: readonly Segment[], maxGridSlots: number): TableGrid | null | 'too_large' {
  const hs = group.filter(isHorizontal);
  const vs = group.filter((s) => !isHorizontal(s));
  const xs = snap(vs.map((s) => s.x0));
  const ys = snap(hs.map((s) => s.y0)).reverse(); // top first
  if (xs.length < 3 || ys.length < 3) return null;
  if ((xs.length - 1) * (ys.length - 1) > maxGridSlots) return 'too_large';

  // Rules bucketed by the grid line they lie on, so a lookup scans one line, not the page.
  const vOn = bucket(vs, xs, (s) => s.x0);
  const hOn = bucket(hs, ys, (s) => s.y0);
  const hasV = (x: number, top: number, bottom: number): boolean => {
    const mid = (top + bottom) / 2;
    return (vOn.get(x) ?? []).some((s) => s.y0 <= mid && s.y1 >= mid);
  };
  const hasH = (y: number, left: number, right: number): boolean => {
    const mid = (left + right) / 2;
    return (hOn.get(y) ?? []).some((s) => s.x0 <= mid && s.x1 >= mid);
  };

  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const covered = new Set<number>();
  const cells: GridCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (covered.has(r * cols + c)) continue;
      const top = ys[r] as number;
      const rowBottom = ys[r + 1] as number;
      let colSpan = 1;
      while (c + colSpan < cols && !hasV(xs[c + colSpan] as number, top, rowBottom)) colSpan++;
      let rowSpan = 1;
      const spanCols = Array.from({ length: colSpan }, (_, k) => c + k);
      while (r + rowSpan < rows && spanCols.every((k) => !hasH(ys[r + rowSpan] as number, xs[k] as number, xs[k + 1] as number))) {
        rowSpan++;
      }
      for (let dr = 0; dr < rowSpan; dr++) for (const k of spanCols) covered.add((r + dr) * cols + k);
      cells.push({
        row: r,
        col: c,
        rowSpan,
        colSpan,
        left: xs[c] as number,
        right: xs[c + colSpan] as number,
        top,
        bottom: ys[r + rowSpan] as number,
      });
    }
  }
  // A box with one divider, or rules that merge into a single column or row, is not a table.
  if (new Set(cells.map((c) => c.row)).size < 2 || new Set(cells.map((c) => c.col)).size < 2) return null;
  return { cells, left: xs[0] as number, right: xs[cols] as number, top: ys[0] as number, bottom: ys[rows] as number };
}

/** Segments by the grid position (from `lines`) within SNAP of their coordinate. */
function bucket(segments: readonly Segment[], lines: readonly number[], at: (s: Segment) => number): Map<number, Segment[]> {
  const sorted = [...lines].sort((a, b) => a - b);
  const out = new Map<number, Segment[]>();
  for (const s of segments) {
    const v = at(s);
    // The lowest line ≥ v − SNAP, then every line up to v + SNAP (snap keeps them > SNAP apart, so at most two).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) < v - SNAP) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && (sorted[i] as number) <= v + SNAP; i++) {
      const line = sorted[i] as number;
      const list = out.get(line);
      if (list) list.push(s);
      else out.set(line, [s]);
    }
  }
  return out;
}
