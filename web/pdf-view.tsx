/** The PDF original drawn page by page with pdf.js (bundled; its worker, CMaps and fonts are served from /assets/pdfjs). */
import { useEffect, useRef, useState } from 'react';
import { call } from './api.js';

const MAX_PAGES = 40;

export function PdfView({ id, page }: { id: string; page: number | null }) {
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pages, setPages] = useState(0);
  // pages are drawn one after another: one drawn after the click must know it is the current one
  const current = useRef(page);
  current.current = page;
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const pdfjs = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = '/assets/pdfjs/pdf.worker.min.mjs';
      const data = await (await call(`/notices/${id}/original`)).arrayBuffer();
      const doc = await pdfjs.getDocument({
        data,
        cMapUrl: '/assets/pdfjs/cmaps/',
        cMapPacked: true,
        standardFontDataUrl: '/assets/pdfjs/standard_fonts/',
        wasmUrl: '/assets/pdfjs/wasm/',
        isEvalSupported: false,
      }).promise;
      const n = Math.min(doc.numPages, MAX_PAGES);
      setPages(doc.numPages);
      const host = box.current;
      if (!host) return;
      host.replaceChildren();
      const width = Math.max(300, host.clientWidth - 24);
      for (let i = 1; i <= n && !cancelled; i++) {
        const p = await doc.getPage(i);
        const base = p.getViewport({ scale: 1 });
        const viewport = p.getViewport({ scale: width / base.width });
        const canvas = document.createElement('canvas');
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `第 ${i} 页`);
        const wrap = document.createElement('div');
        wrap.className = 'pdf-page';
        wrap.dataset['page'] = String(i);
        if (current.current === i) wrap.classList.add('current');
        const label = document.createElement('span');
        label.className = 'page-no';
        label.textContent = `第 ${i} 页`;
        wrap.append(label, canvas);
        host.append(wrap);
        const ctx = canvas.getContext('2d');
        if (!ctx) continue;
        await p.render({ canvas, canvasContext: ctx, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
      }
    })().catch((e: Error) => !cancelled && setError(`无法显示 PDF：${e.message}`));
    return () => {
      cancelled = true;
    };
  }, [id]);
  useEffect(() => {
    const host = box.current;
    if (!host) return;
    for (const el of host.querySelectorAll<HTMLElement>('.pdf-page')) el.classList.toggle('current', page !== null && el.dataset['page'] === String(page));
    if (page !== null) host.querySelector(`.pdf-page[data-page="${page}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [page, pages]);
  return (
    <div className="pdf">
      {error && <p role="alert" className="error">{error}</p>}
      {pages > MAX_PAGES && <p>仅显示前 {MAX_PAGES} 页（共 {pages} 页）。</p>}
      <div ref={box} className="pdf-pages" />
    </div>
  );
}
