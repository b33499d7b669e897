/**
 * Writes OFD packages (GB/T 33190-2016) from a small page model, for samples and tests.
 *
 * Layout of the package, as OFD producers (数科, 福昕, ofdrw) write it:
 *   OFD.xml                          DocBody/DocInfo + DocRoot → Doc_0/Document.xml
 *   Doc_0/Document.xml               CommonData (PageArea, PublicRes, TemplatePage), Pages, Annotations
 *   Doc_0/PublicRes.xml              Fonts
 *   Doc_0/Tpls/Tpl_0/Content.xml     the template page (drawn under the pages that name it)
 *   Doc_0/Pages/Page_N/Content.xml   one per page: Content/Layer/TextObject|PathObject
 *   Doc_0/Annots/Annotations.xml     Page@PageID → FileLoc
 *   Doc_0/Annots/Page_N/Annotation.xml  PageAnnot/Annot/Appearance with TextObjects
 * Units are millimetres, y downwards. A TextObject's Boundary places it on the page; its
 * TextCode X/Y is the first glyph's baseline inside the Boundary, DeltaX the advances (runs of
 * equal advances written with the `g` syntax). `scale` writes the object at 1/scale size with a
 * CTM scaling it back up, as producers do for condensed or rotated text.
 */
import JSZip from 'jszip';

export interface OfdText {
  /** Left of the first glyph and its baseline, on the page (mm). */
  x: number;
  y: number;
  /** Font size (mm). */
  size: number;
  text: string;
  /** Advances from each glyph to the next (mm); omitted → no DeltaX. */
  deltaX?: number[];
  /** Font resource ID: 2 宋体, 3 黑体, 4 楷体_GB2312, 5 仿宋_GB2312. */
  font: number;
  /** Width of the run (mm), for the Boundary. */
  width: number;
  scale?: number;
}

export interface OfdRule {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OfdPage {
  texts: OfdText[];
  rules: OfdRule[];
  /** Draws the document's template page under this page. */
  template?: boolean;
  /** Text in this page's annotations (stamps, notes). */
  annotations?: OfdText[];
  /** Leave the page's Content.xml out of the package (a broken file). */
  missing?: boolean;
}

export interface OfdDoc {
  width: number;
  height: number;
  pages: OfdPage[];
  template?: { texts: OfdText[]; rules: OfdRule[] };
  title?: string;
}

const NS = 'http://www.ofdspec.org/2016';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number): string => String(Math.round(n * 1000) / 1000);

/** Advances with runs of equal values as `g N v`. */
export function deltaString(deltas: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < deltas.length; ) {
    let j = i;
    while (j < deltas.length && num(deltas[j] as number) === num(deltas[i] as number)) j++;
    out.push(j - i >= 3 ? `g ${j - i} ${num(deltas[i] as number)}` : deltas.slice(i, j).map(num).join(' '));
    i = j;
  }
  return out.join(' ');
}

function textObject(t: OfdText, id: number): string {
  const s = t.scale ?? 1;
  const top = t.y - t.size;
  const boundary = `${num(t.x)} ${num(top)} ${num(t.width + t.size * 0.1)} ${num(t.size * 1.25)}`;
  const ctm = s !== 1 ? ` CTM="${num(s)} 0 0 ${num(s)} 0 0"` : '';
  const delta = t.deltaX && t.deltaX.length > 0 ? ` DeltaX="${deltaString(t.deltaX.map((d) => d / s))}"` : '';
  return (
    `<ofd:TextObject ID="${id}" Boundary="${boundary}"${ctm} Font="${t.font}" Size="${num(t.size / s)}">` +
    `<ofd:FillColor Value="0 0 0"/>` +
    `<ofd:TextCode X="0" Y="${num(t.size / s)}"${delta}>${esc(t.text)}</ofd:TextCode></ofd:TextObject>`
  );
}

function pathObject(r: OfdRule, id: number): string {
  const x = Math.min(r.x0, r.x1);
  const y = Math.min(r.y0, r.y1);
  const w = Math.abs(r.x1 - r.x0);
  const h = Math.abs(r.y1 - r.y0);
  return (
    `<ofd:PathObject ID="${id}" Boundary="${num(x)} ${num(y)} ${num(Math.max(w, 0.25))} ${num(Math.max(h, 0.25))}" LineWidth="0.25">` +
    `<ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>M ${num(r.x0 - x)} ${num(r.y0 - y)} L ${num(r.x1 - x)} ${num(r.y1 - y)}</ofd:AbbreviatedData></ofd:PathObject>`
  );
}

function content(texts: readonly OfdText[], rules: readonly OfdRule[], next: () => number, extra = ''): string {
  const objects = [...rules.map((r) => pathObject(r, next())), ...texts.map((t) => textObject(t, next()))];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="${NS}">${extra}<ofd:Content><ofd:Layer ID="${next()}" Type="Body">${objects.join('')}</ofd:Layer></ofd:Content></ofd:Page>`;
}

export async function writeOfd(doc: OfdDoc): Promise<Uint8Array> {
  const zip = new JSZip();
  let id = 100;
  const next = (): number => ++id;
  zip.file(
    'OFD.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="${NS}" Version="1.1" DocType="OFD"><ofd:DocBody>` +
      `<ofd:DocInfo><ofd:DocID>${'0'.repeat(32)}</ofd:DocID>${doc.title ? `<ofd:Title>${esc(doc.title)}</ofd:Title>` : ''}<ofd:Creator>tongzhi test/tools/ofd-writer</ofd:Creator></ofd:DocInfo>` +
      `<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
  );
  zip.file(
    'Doc_0/PublicRes.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:Fonts>` +
      `<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/><ofd:Font ID="3" FontName="黑体" FamilyName="黑体"/>` +
      `<ofd:Font ID="4" FontName="楷体_GB2312" FamilyName="楷体_GB2312"/><ofd:Font ID="5" FontName="仿宋_GB2312" FamilyName="仿宋_GB2312"/>` +
      `</ofd:Fonts></ofd:Res>`,
  );
  const tplId = 10;
  if (doc.template) zip.file('Doc_0/Tpls/Tpl_0/Content.xml', content(doc.template.texts, doc.template.rules, next));
  const pageIds: number[] = [];
  doc.pages.forEach((page, i) => {
    const pid = next();
    pageIds.push(pid);
    const tpl = page.template && doc.template ? `<ofd:Template TemplateID="${tplId}" ZOrder="Background"/>` : '';
    if (!page.missing) zip.file(`Doc_0/Pages/Page_${i}/Content.xml`, content(page.texts, page.rules, next, tpl));
  });
  const annotated = doc.pages.map((p, i) => ({ p, i })).filter(({ p }) => (p.annotations?.length ?? 0) > 0);
  for (const { p, i } of annotated) {
    const annots = (p.annotations ?? []).map((t) => {
      const appearance = `${num(t.x)} ${num(t.y - t.size)} ${num(t.width + t.size)} ${num(t.size * 1.5)}`;
      const local = { ...t, x: 0, y: t.size };
      return `<ofd:Annot ID="${next()}" Type="Stamp" Creator="tongzhi"><ofd:Appearance Boundary="${appearance}">${textObject(local, next())}</ofd:Appearance></ofd:Annot>`;
    });
    zip.file(`Doc_0/Annots/Page_${i}/Annotation.xml`, `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:PageAnnot xmlns:ofd="${NS}">${annots.join('')}</ofd:PageAnnot>`);
  }
  if (annotated.length > 0) {
    zip.file(
      'Doc_0/Annots/Annotations.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Annotations xmlns:ofd="${NS}">` +
        annotated.map(({ i }) => `<ofd:Page PageID="${pageIds[i]}"><ofd:FileLoc>Page_${i}/Annotation.xml</ofd:FileLoc></ofd:Page>`).join('') +
        `</ofd:Annotations>`,
    );
  }
  zip.file(
    'Doc_0/Document.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:MaxUnitID>${id + 1}</ofd:MaxUnitID>` +
      `<ofd:PageArea><ofd:PhysicalBox>0 0 ${num(doc.width)} ${num(doc.height)}</ofd:PhysicalBox></ofd:PageArea>` +
      `<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>` +
      (doc.template ? `<ofd:TemplatePage ID="${tplId}" BaseLoc="Tpls/Tpl_0/Content.xml"/>` : '') +
      `</ofd:CommonData><ofd:Pages>` +
      pageIds.map((pid, i) => `<ofd:Page ID="${pid}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('') +
      `</ofd:Pages>` +
      (annotated.length > 0 ? `<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>` : '') +
      `</ofd:Document>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', mimeType: 'application/ofd' });
}
