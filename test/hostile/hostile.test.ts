/**
 * Issue 10 §2: every hostile input, run through the built CLI (`tongzhi extract`) as a child
 * process, ends as a record or a typed error within 60 s and 1 GB of peak RSS (measured with
 * /usr/bin/time where installed, else sampled from /proc). The corpus is generated in a temp
 * folder (test/hostile/generate.ts): bombs and giant files are not committed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { MAX_QUOTE } from '../../src/extract/context.js';
import { allEvidence, CLI, ROOT } from '../helpers.js';
import { HOSTILE } from './generate.js';

const TIME_LIMIT_S = 60;
const RSS_LIMIT_MB = 1024;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  rssMb: number;
  killed: boolean;
}

function extract(file: string, rssFile: string): Promise<Run> {
  const started = Date.now();
  const node = [CLI, 'extract', '--no-keywords', '--compact', file];
  const useTime = existsSync('/usr/bin/time');
  const [cmd, args] = useTime ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...node]] : [process.execPath, node];
  return new Promise((done) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    let sampled = 0;
    let killed = false;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const sampler = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) sampled = Math.max(sampled, Number(m[1]));
      } catch {
        /* gone */
      }
    }, 100);
    const timer = setTimeout(() => {
      killed = true;
      process.kill(-(child.pid as number), 'SIGKILL');
    }, (TIME_LIMIT_S + 10) * 1000);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      let kb = sampled;
      if (useTime && existsSync(rssFile)) kb = Math.max(kb, Number(/(\d+)\s*$/.exec(readFileSync(rssFile, 'utf8'))?.[1] ?? 0));
      done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, seconds: (Date.now() - started) / 1000, rssMb: kb / 1024, killed });
    });
  });
}

let dir = '';
const files = new Map<string, string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tongzhi-hostile-'));
  for (const c of HOSTILE) files.set(c.name, await c.make(dir));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Record {
  status: string;
  issues: Array<{ code: string }>;
  source: { encoding: string | null; format: string };
  text: string;
}

/** What each case must show beyond "a record within the bounds". */
const CHECKS: { [name: string]: (r: Record) => void } = {
  'pdf-100k-ruling-lines.pdf': (r) => expect(r.issues.map((i) => i.code)).toContain('tables_skipped'),
  'pdf-20000-pages.pdf': (r) => expect(r.issues.map((i) => i.code)).toContain('pages_skipped'),
  'pdf-5000-pages.pdf': (r) => expect(r.status).toBe('partial'),
  'docx-table-20000x20.docx': (r) => expect(r.issues.map((i) => i.code)).toContain('table_rows_skipped'),
  'text-one-line-20mb.txt': (r) => expect(r.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['long_paragraphs_split', 'text_truncated'])),
  'text-utf16le-no-bom.txt': (r) => expect([r.source.encoding, r.text.slice(0, 5)]).toEqual(['utf-16le', '关于开展2']),
  'text-utf16be-no-bom.txt': (r) => expect([r.source.encoding, r.text.slice(0, 5)]).toEqual(['utf-16be', '关于开展2']),
  'text-gbk-bad-bytes.txt': (r) => {
    expect(r.source.encoding).toBe('gb18030');
    expect(r.issues.map((i) => i.code)).toContain('bad_bytes_replaced');
  },
  'text-mentions-pdf.txt': (r) => expect(r.source.format).toBe('text'),
};

describe.sequential('hostile inputs through tongzhi extract', () => {
  it.each(HOSTILE.map((c) => [c.name, c] as const))(
    '%s ends as a record or a typed error within 60 s and 1 GB',
    async (name, c) => {
      const run = await extract(files.get(name) as string, join(dir, `.rss-${name}`));
      expect(run.killed, `${name} ran past the time limit`).toBe(false);
      expect(run.seconds).toBeLessThanOrEqual(TIME_LIMIT_S);
      expect(run.rssMb).toBeLessThanOrEqual(RSS_LIMIT_MB);
      if (c.expect.record) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const record = JSON.parse(run.stdout) as Record;
        // Evidence quotes stay short whatever the sentence (57 KB once gave 84 MB).
        for (const e of allEvidence(record)) expect(e.quote.length).toBeLessThanOrEqual(MAX_QUOTE + 2);
        CHECKS[name]?.(record);
      } else {
        const error = (JSON.parse(run.stderr) as { error: { code: keyof typeof ERROR_CODES } }).error;
        expect(c.expect.codes).toContain(error.code);
        expect(run.code).toBe(ERROR_CODES[error.code].exit);
      }
    },
    (TIME_LIMIT_S + 30) * 1000,
  );
});

/** Mutants the fuzzer found that once ended badly (see test/tools/fuzz.ts), kept small. */
const FIXTURES = join(ROOT, 'test/fixtures/hostile');

describe.sequential('kept fuzz mutants through tongzhi extract', () => {
  it.each(readdirSync(FIXTURES).filter((f) => !f.startsWith('.') && !f.endsWith('.md')))(
    '%s ends as a record or a typed error',
    async (name) => {
      const run = await extract(join(FIXTURES, name), join(dir, `.rss-${name}`));
      expect(run.killed).toBe(false);
      expect(run.rssMb).toBeLessThanOrEqual(RSS_LIMIT_MB);
      if (run.code === 0) {
        expect(run.stderr).toBe('');
        expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
      } else {
        const error = (JSON.parse(run.stderr) as { error: { code: keyof typeof ERROR_CODES } }).error;
        expect(Object.keys(ERROR_CODES)).toContain(error.code);
        expect(run.code).toBe(ERROR_CODES[error.code].exit);
      }
    },
    (TIME_LIMIT_S + 30) * 1000,
  );
});
