/**
 * The administrator's page in a real browser: playwright-core drives Debian's chromium against
 * `tongzhi start` (in-process queue) with some of the samples ingested, among them an encrypted
 * PDF that fails. axe-core runs in the same session on every view. With TONGZHI_SCREENSHOTS=1
 * the overview, a notice and a form are saved to docs/screenshots/ for the README.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeRecord } from '../../src/record/schema.js';
import { CLI, ROOT, SAMPLES } from '../helpers.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const KEY = 'browser-test-key-0123456789';
const SHOTS = process.env['TONGZHI_SCREENSHOTS'] === '1' ? join(ROOT, 'docs/screenshots') : null;
/** a PDF with forms and deadlines, a DOCX, a text notice, and one that cannot be read */
const INBOX = ['003_db71631729e5d48d.pdf', '001_683f5b3ce4c84b58.docx', '000_fc46f2fa053bb05e.txt', 'hard/encrypted.pdf'];

const data = mkdtempSync(join(tmpdir(), 'tongzhi-web-'));
let child: ChildProcess;
let url = '';
let log = '';
let browser: Browser;
let page: Page;

const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${log.slice(-3000)}`);
};
const api = async <T>(path: string, auth = true): Promise<T> => (await (await fetch(`${url}${path}`, auth ? { headers: { Authorization: `Bearer ${KEY}` } } : {})).json()) as T;
const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile()) : []);

/** axe-core in the page (the context bypasses the CSP only to inject it): the critical violations. */
async function critical(p: Page): Promise<string[]> {
  await p.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  // a string: this file is compiled without the DOM library
  const result = (await p.evaluate('axe.run(document)')) as { violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> };
  return result.violations.filter((v) => v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

const shot = async (name: string): Promise<void> => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
};

let records: NoticeRecord[] = [];

beforeAll(async () => {
  const inbox = join(data, 'inbox');
  mkdirSync(inbox, { recursive: true });
  for (const f of INBOX) copyFileSync(join(SAMPLES, f), join(inbox, f.replace(/^.*\//, '')));
  child = spawn(process.execPath, [CLI, 'start', '--data', data, '--port', '0', '--stability-ms', '200'], {
    env: { ...process.env, TONGZHI_QUEUE_MODE: 'inprocess', TONGZHI_API_KEYS: `staff:${KEY}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  await until('the API address', () => {
    url = /"url":"(http:\/\/[^"]+)"/.exec(log)?.[1] ?? '';
    return url !== '';
  });
  await until('every file settled', () => files(join(data, 'done')).length === 3 && files(join(data, 'failed')).length === 2);
  await until('the index', async () => (await api<{ total: number }>('/notices')).total === 3);
  const list = await api<{ items: Array<{ id: string }> }>('/notices');
  records = await Promise.all(list.items.map((i) => api<NoticeRecord>(`/notices/${i.id}`)));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, bypassCSP: true, locale: 'zh-CN' });
  page = await context.newPage();
  await page.goto(`${url}/`);
  await page.fill('#key', KEY);
  await page.click('button[type=submit]');
  await page.waitForSelector('.overview .cards');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  child?.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

const pdfWithForms = (): NoticeRecord => records.find((r) => r.source.format === 'pdf') as NoticeRecord;

describe('the administrator page', () => {
  it('serves the page to a browser and keeps the JSON endpoint list for API clients', async () => {
    const html = await fetch(`${url}/`, { headers: { Accept: 'text/html' } });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await html.text()).toContain('/assets/app.js');
    expect(await api<{ name: string }>('/', false)).toMatchObject({ name: 'tongzhi' });
    expect((await fetch(`${url}/admin/api/overview`)).status).toBe(401);
  });

  it('shows the right counts and the failure with its reason, with no critical accessibility violation', async () => {
    const count = async (label: string): Promise<string> => (await page.locator(`[data-count="${label}"] .n`).innerText()).trim();
    await until('the overview to show the settled folder', async () => (await count('已完成')) === '3');
    expect(await count('收件箱')).toBe(String(files(join(data, 'inbox')).length));
    expect(await count('失败')).toBe('1');
    expect(await count('重复')).toBe('0');
    const rows = page.locator('table.failures tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('.file').innerText()).toBe('encrypted.pdf');
    expect(await rows.first().locator('.reason').innerText()).toMatch(/encrypted_file.*encrypted/);
    await shot('overview');
    expect(await critical(page)).toEqual([]);
  });

  it('retries a failure: the file goes back to the inbox and is taken again', async () => {
    const errorFile = join(data, 'failed', 'encrypted.pdf.error.json');
    const before = (JSON.parse(readFileSync(errorFile, 'utf8')) as { at: string }).at;
    await page.click('button[aria-label="重试 encrypted.pdf"]');
    await page.waitForSelector('text=已重新排队：encrypted.pdf');
    // taken by the watcher again: it fails again, with a new report
    await until('the retried file to fail again', () => existsSync(errorFile) && (JSON.parse(readFileSync(errorFile, 'utf8')) as { at: string }).at !== before);
  });

  it('finds a notice by a Chinese query, with highlighted snippets', async () => {
    const r = pdfWithForms();
    const word = (r.themes[0] ?? r.title ?? '').slice(0, 4);
    await page.goto(`${url}/#/notices`);
    await page.fill('input[name="q"]', word);
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForSelector('.result');
    expect(await page.locator('.result h2').allInnerTexts()).toContain(r.title);
    expect(await page.locator('.snippet mark').first().innerText()).not.toBe('');
    expect(await critical(page)).toEqual([]);
  });

  it('shows a PDF notice page by page; clicking a deadline highlights its sentence', async () => {
    const r = pdfWithForms();
    const d = r.deadlines[0];
    expect(d).toBeDefined();
    await page.goto(`${url}/#/notice/${r.id}`);
    await page.waitForSelector('.pdf-page canvas', { timeout: 30_000 });
    await page.locator('[data-path="deadlines.0.date"] button.val').click();
    await expect.poll(async () => page.locator('mark.hl').allInnerTexts().then((t) => t.join(''))).toBe(d?.evidence.quote);
    if (d?.evidence.page) expect(await page.locator('.pdf-page.current').getAttribute('data-page')).toBe(String(d.evidence.page));
    // and back: clicking the highlighted text lists the values taken from it
    await page.locator('mark.hl').first().click();
    expect(await page.locator('.picked').innerText()).toContain(`日期：${d?.date}`);
    await page.waitForTimeout(300);
    await shot('notice');
    await page.locator('.pdf-page').first().scrollIntoViewIfNeeded();
    await shot('notice-pdf');
    expect(await critical(page)).toEqual([]);
  });

  it('renders every attached form with every printed label', async () => {
    const r = pdfWithForms();
    const forms = r.attachments.filter((a) => a.form);
    expect(forms.length).toBeGreaterThan(0);
    await page.goto(`${url}/#/notice/${r.id}/forms`);
    await page.waitForSelector('.rjsf-host form');
    const hosts = page.locator('.rjsf-host');
    expect(await hosts.count()).toBe(forms.length);
    const norm = (s: string): string => s.replace(/\s+/g, '');
    for (const [i, a] of forms.entries()) {
      const shown = norm(await hosts.nth(i).innerText());
      for (const f of a.fieldSources) expect(shown, `${a.title}: ${f.title}`).toContain(norm(f.title));
    }
    await shot('form');
    expect(await critical(page)).toEqual([]);
  });

  it('a correction is stored beside the record and served by /notices/:id and /feed.json', async () => {
    const r = pdfWithForms();
    const fixed = `${r.deadlines[0]?.what ?? ''}（已核对）`;
    await page.goto(`${url}/#/notice/${r.id}`);
    await page.waitForSelector('[data-path="deadlines.0.what"]');
    await page.click('[data-path="deadlines.0.what"] button[aria-label="更正事项"]');
    await page.fill('input[aria-label="新的事项"]', fixed);
    await page.click('[data-path="deadlines.0.what"] button[type="submit"]');
    await page.waitForSelector('[data-path="deadlines.0.what"] .fixed');
    const served = await api<NoticeRecord>(`/notices/${r.id}`);
    expect(served.deadlines[0]?.what).toBe(fixed);
    expect(served.issues.some((i) => i.code === 'corrected')).toBe(true);
    const feed = await api<{ items: Array<{ id: string; content_text: string }> }>('/feed.json', false);
    expect(feed.items.find((i) => i.id.endsWith(r.id))?.content_text).toContain(fixed);
    // the extracted record is untouched; the correction says who made it
    const extracted = JSON.parse(readFileSync(join(data, 'out/records', `${r.id}.json`), 'utf8')) as NoticeRecord;
    expect(extracted.deadlines[0]?.what).toBe(r.deadlines[0]?.what);
    const overrides = JSON.parse(readFileSync(join(data, 'out/overrides', `${r.id}.json`), 'utf8')) as { corrections: Array<{ by: string }> };
    expect(overrides.corrections[0]?.by).toBe('staff');
  });

  it('adds a missing deadline and marks the notice as checked', async () => {
    const r = pdfWithForms();
    await page.fill('form.add input[name="date"]', '2030-01-15');
    await page.fill('form.add input[name="what"]', '补报材料');
    await page.click('form.add button:text("添加截止事项")');
    await page.waitForSelector(`[data-path="deadlines.${r.deadlines.length}.what"]`);
    await page.click('button:text("标记为已核对")');
    await page.waitForSelector('button:text-matches("已核对（staff")');
    const served = await api<NoticeRecord>(`/notices/${r.id}`);
    expect(served.deadlines.at(-1)).toMatchObject({ date: '2030-01-15', what: '补报材料' });
  });

  it('uploads dropped files and ZIP bundles into the inbox', async () => {
    await page.goto(`${url}/#/`);
    await page.waitForSelector('.drop');
    const text = `关于测试上传的通知\n各单位：\n请于2030年5月1日前报送材料。\n某某办公室\n2030年4月1日\n`;
    await page.setInputFiles('.drop input[type="file"]', { name: '上传测试.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.waitForSelector('text=上传测试.txt → 收件箱/上传测试.txt');
    const zip = new JSZip();
    zip.file('folder/zip里的通知.txt', text.replace('测试上传', 'ZIP 上传'));
    const bytes = [...(await zip.generateAsync({ type: 'uint8array' }))];
    // a drop as the browser makes it (DataTransfer with a File), in page script
    await page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(${JSON.stringify(bytes)})], 'bundle.zip', { type: 'application/zip' }));
      document.querySelector('.drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    await page.waitForSelector('text=bundle.zip → 收件箱/bundle.zip');
    // in the inbox, or already taken from it by the watcher
    const seen = (name: string): boolean => ['inbox', 'done', 'failed'].some((d) => files(join(data, d)).includes(name));
    await until('the uploads in the data folder', () => seen('上传测试.txt') && seen('bundle.zip'));
  });
});
