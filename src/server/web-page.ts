/**
 * @module server/web-page
 * The administrator's page: one HTML shell at `/` (for a browser; API clients asking JSON still
 * get the endpoint list) and the client bundle `npm run build` puts in `dist/web/` (React,
 * react-jsonschema-form and pdf.js bundled by esbuild: nothing is fetched from a CDN). The shell
 * and the assets carry no data and need no key; the page asks for the staff API key and sends it
 * with every call.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';

/** The package root: the nearest folder above this module holding package.json (src/server or dist/src/server). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const WEB_ASSETS = join(packageRoot(), 'dist', 'web');
export const ASSETS_PATH = '/assets';

/** The page's scripts (bundle, pdf.js worker), its WebAssembly image decoders and blob: workers; no inline script. */
export const WEB_CSP = {
  defaultSrc: ["'self'"],
  // 'unsafe-eval': Ajv compiles each form's JSON Schema to a function (react-jsonschema-form's validator)
  scriptSrc: ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** A browser navigating to `/` (Accept prefers HTML); fetch and curl keep the JSON endpoint list. */
export const wantsPage = (c: Context): boolean => c.req.path === '/' && /text\/html/.test(c.req.header('accept') ?? '');

export const isWebPath = (path: string): boolean => path === ASSETS_PATH || path.startsWith(`${ASSETS_PATH}/`);

const SHELL = (built: boolean): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>通知管理 · tongzhi</title>
<link rel="stylesheet" href="${ASSETS_PATH}/app.css">
</head>
<body>
<div id="root">${built ? '' : '<main><h1>通知管理</h1><p>页面尚未构建：请先运行 <code>npm run build</code>。</p></main>'}</div>
${built ? `<script type="module" src="${ASSETS_PATH}/app.js"></script>` : ''}
</body>
</html>
`;

export function page(c: Context): Response {
  const built = existsSync(join(WEB_ASSETS, 'app.js'));
  return c.html(SHELL(built), 200, { 'Cache-Control': 'no-cache' });
}

export function mountAssets(app: Hono<{ Variables: { who: string } }>): void {
  // browsers ask for it on every page: no icon, and no 404 in the console
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get(`${ASSETS_PATH}/*`, async (c) => {
    const rel = decodeURIComponent(c.req.path.slice(ASSETS_PATH.length + 1));
    const file = normalize(join(WEB_ASSETS, rel));
    if (!file.startsWith(WEB_ASSETS + sep)) return c.json({ error: { code: 'not_found', message: 'no such asset' } }, 404);
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      return c.body(body, 200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        // the bundle's name does not change with its content: revalidate (cheap, a 304 by Last-Modified)
        'Cache-Control': 'no-cache',
        'Last-Modified': s.mtime.toUTCString(),
      });
    } catch {
      return c.json({ error: { code: 'not_found', message: `no asset ${rel} (run npm run build)` } }, 404);
    }
  });
}
