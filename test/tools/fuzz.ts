/**
 * Mutation fuzzing of `tongzhi extract` (issue 10 §2): mutates the sample notices (byte flips,
 * truncation, chunk duplication and deletion, damaged ZIP entries), runs each mutant through the
 * built CLI in a child process with a wall-clock timeout and a heap limit, samples its peak RSS,
 * and prints the outcome counts. Goal: 0 crashes, 0 hangs, 0 runs over the memory bound.
 *
 *   npm run build && node dist/test/tools/fuzz.js [--cases 500] [--seed 1] [--jobs 2]
 *     [--timeout 60] [--max-rss-mb 1024] [--out DIR] [--samples DIR,DIR]
 *
 * A crash is an exit outside the error table or an error not printed as typed JSON on stderr;
 * mutants that crash, hang or exceed the memory bound are kept in --out for reproduction.
 * Exits 1 when any such outcome occurred.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ERROR_CODES } from '../../src/errors.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');

type Outcome = 'record' | `error:${string}` | 'crash' | 'hang';

interface Result {
  outcome: Outcome;
  rssMb: number;
  seconds: number;
  detail: string;
}

// ---------- mutations ----------

/** mulberry32: small, seedable, good enough to pick bytes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (b: Buffer, r: () => number) => Buffer;
const int = (r: () => number, n: number): number => Math.floor(r() * n);

const flip: Mutation = (b, r) => {
  const out = Buffer.from(b);
  const n = 1 + int(r, 20);
  for (let i = 0; i < n; i++) out[int(r, out.length)] = int(r, 256);
  return out;
};
const truncate: Mutation = (b, r) => b.subarray(0, 1 + int(r, b.length - 1));
const duplicate: Mutation = (b, r) => {
  const at = int(r, b.length);
  const chunk = b.subarray(at, at + 1 + int(r, 4096));
  const to = int(r, b.length);
  return Buffer.concat([b.subarray(0, to), chunk, b.subarray(to)]);
};
const remove: Mutation = (b, r) => {
  const at = int(r, b.length);
  return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(r, 4096))]);
};
/** Damages one ZIP entry: its sizes, method or name length in the headers, or its data. */
const zipEntry: Mutation = (b, r) => {
  const headers: number[] = [];
  for (let i = b.indexOf('PK'); i >= 0; i = b.indexOf('PK', i + 2)) if (b[i + 2] === 1 || b[i + 2] === 3) headers.push(i);
  if (headers.length === 0) return flip(b, r);
  const out = Buffer.from(b);
  const at = headers[int(r, headers.length)] as number;
  const central = out[at + 2] === 1;
  const fields = central ? [10, 20, 24, 28, 42] : [8, 18, 22, 26];
  const field = at + (fields[int(r, fields.length)] as number);
  const what = int(r, 3);
  if (what === 0 && field + 4 <= out.length) out.writeUInt32LE(int(r, 2) ? 0xffffffff : int(r, 1 << 20), field);
  else if (what === 1 && field + 2 <= out.length) out.writeUInt16LE(int(r, 65536), field);
  else {
    // Garble the start of the entry's data.
    const data = at + (central ? 46 : 30) + 8;
    for (let i = 0; i < 16 && data + i < out.length; i++) out[data + i] = int(r, 256);
  }
  return out;
};

const MUTATIONS: Record<string, Mutation> = { flip, truncate, duplicate, remove, zipEntry };

// ---------- running one file ----------

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function run(file: string, timeoutMs: number, maxRssMb: number, rssFile: string): Promise<Result> {
  const started = Date.now();
  const node = [`--max-old-space-size=${maxRssMb}`, CLI, 'extract', '--no-keywords', '--compact', file];
  const [cmd, args] = TIME ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...node]] : [process.execPath, node];
  return new Promise((done) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sampled = 0;
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      // Keep only the start: the outcome needs to know it is JSON, not the whole record.
      if (stdout.length < 4096) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 65536) stderr += d;
    });
    // Without /usr/bin/time, sample the RSS of the process group's leader and its child.
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, rssOfTree(child.pid));
    }, 100);
    const timer = setTimeout(() => {
      hung = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      let rssKb = sampled;
      if (TIME && existsSync(rssFile)) {
        const m = /(\d+)\s*$/.exec(readFileSync(rssFile, 'utf8'));
        if (m) rssKb = Math.max(rssKb, Number(m[1]));
        rmSync(rssFile, { force: true });
      }
      const rssMb = rssKb / 1024;
      if (hung) return done({ outcome: 'hang', rssMb, seconds, detail: `killed after ${timeoutMs / 1000} s` });
      done({ outcome: classify(code, stdout, stderr), rssMb, seconds, detail: stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300) });
    });
  });
}

function classify(code: number | null, stdout: string, stderr: string): Outcome {
  if (code === 0) return stdout.trimStart().startsWith('{') && stderr.trim() === '' ? 'record' : 'crash';
  const exits = new Set<number>(Object.values(ERROR_CODES).map((c) => c.exit));
  if (code === null || !exits.has(code)) return 'crash';
  // The whole of stderr must be the one typed error line.
  try {
    const parsed = JSON.parse(stderr.trim()) as { error?: { code?: unknown } };
    const c = parsed.error?.code;
    if (typeof c === 'string' && c in ERROR_CODES && ERROR_CODES[c as keyof typeof ERROR_CODES].exit === code) return `error:${c}`;
  } catch {
    /* not JSON: a crash */
  }
  return 'crash';
}

function rssOfTree(pid: number | undefined): number {
  if (!pid) return 0;
  let total = 0;
  for (const p of [pid, ...childrenOf(pid)]) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total = Math.max(total, Number(m[1]));
    } catch {
      /* gone */
    }
  }
  return total;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

// ---------- main ----------

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' },
      jobs: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '60' },
      'max-rss-mb': { type: 'string', default: '1024' },
      out: { type: 'string', default: join(tmpdir(), 'tongzhi-fuzz') },
      samples: { type: 'string', default: [join(ROOT, 'samples'), join(ROOT, '../shared/samples')].join(',') },
    },
  });
  const cases = Number(values.cases);
  const seed = Number(values.seed);
  const jobs = Math.max(1, Number(values.jobs));
  const timeoutMs = Number(values.timeout) * 1000;
  const maxRssMb = Number(values['max-rss-mb']);
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);

  const sources = values.samples
    .split(',')
    .filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d).filter((f) => ['.pdf', '.docx', '.txt'].includes(extname(f))).map((f) => join(d, f)));
  if (sources.length === 0) throw new Error('no samples found');
  const names = Object.keys(MUTATIONS);

  const counts = new Map<string, number>();
  const bad: string[] = [];
  let next = 0;
  let finished = 0;
  const worker = async (slot: number): Promise<void> => {
    for (let i = next++; i < cases; i = next++) {
      // One generator per case: case i is the same mutant whatever order the jobs finish in.
      const r = rng(seed * 1_000_003 + i);
      const source = sources[int(r, sources.length)] as string;
      const zip = extname(source) === '.docx';
      const name = zip && r() < 0.4 ? 'zipEntry' : (names.filter((n) => n !== 'zipEntry')[int(r, names.length - 1)] as string);
      const mutant = (MUTATIONS[name] as Mutation)(readFileSync(source), r);
      const file = join(out, `case-${seed}-${i}-${name}${extname(source)}`);
      writeFileSync(file, mutant);
      const res = await run(file, timeoutMs, maxRssMb, join(out, `.rss-${slot}`));
      const over = res.rssMb > maxRssMb;
      const key = res.outcome;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (over) counts.set('over-memory', (counts.get('over-memory') ?? 0) + 1);
      if (key === 'crash' || key === 'hang' || key === 'error:internal_error' || over) {
        bad.push(`${file}: ${key}${over ? ` (${Math.round(res.rssMb)} MB)` : ''} ${res.seconds.toFixed(1)} s ${res.detail}`);
      } else rmSync(file, { force: true });
      finished++;
      if (finished % 25 === 0) process.stderr.write(`${finished}/${cases}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, (_, k) => worker(k)));

  const line = (k: string): string => `${k.padEnd(28)} ${counts.get(k) ?? 0}`;
  const errorKeys = [...counts.keys()].filter((k) => k.startsWith('error:')).sort();
  process.stdout.write(
    [
      `fuzz: ${cases} mutants of ${sources.length} samples, seed ${seed}, timeout ${timeoutMs / 1000} s, memory bound ${maxRssMb} MB`,
      line('record'),
      ...errorKeys.map((k) => line(k)),
      line('crash'),
      line('hang'),
      line('over-memory'),
      ...(bad.length ? ['kept for reproduction:', ...bad] : []),
      '',
    ].join('\n'),
  );
  const failed = (counts.get('crash') ?? 0) + (counts.get('hang') ?? 0) + (counts.get('over-memory') ?? 0);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
