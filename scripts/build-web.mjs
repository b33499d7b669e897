// Bundles the administrator's page (web/) into dist/web with esbuild, and copies pdf.js's worker,
// CMaps (Chinese PDFs need them), standard fonts and WebAssembly decoders beside it: the page
// fetches nothing from a CDN. Run by `npm run build`.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web');
const pdfjs = join(root, 'node_modules/pdfjs-dist');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: join(root, 'web/main.tsx') },
  bundle: true,
  format: 'esm',
  splitting: true,
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  sourcemap: true,
  target: 'es2022',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'linked',
  logLevel: 'warning',
});
await cp(join(root, 'web/app.css'), join(out, 'app.css'));
await mkdir(join(out, 'pdfjs'), { recursive: true });
await cp(join(pdfjs, 'build/pdf.worker.min.mjs'), join(out, 'pdfjs/pdf.worker.min.mjs'));
for (const d of ['cmaps', 'standard_fonts', 'wasm']) await cp(join(pdfjs, d), join(out, 'pdfjs', d), { recursive: true });
