/**
 * @module config
 * Where the service keeps its files and how it reaches Redis. Every setting has a flag, an
 * environment variable and a default; `tongzhi --help` and the README list them from
 * CONFIG_OPTIONS so the three never disagree.
 */
import { OCR_MODES, type OcrMode } from './readers/ocr-mode.js';
import { extname, basename, join, resolve } from 'node:path';
import { DEFAULT_MAX_BYTES } from './readers/index.js';

/** See store/publication.ts. */
export const PUBLISH_POLICIES = ['marked-public', 'not-marked-private'] as const;
export type PublishPolicy = (typeof PUBLISH_POLICIES)[number];

export interface DataLayout {
  /** the data folder everything else defaults to */
  data: string;
  /** watched folder administrators drop files into */
  inbox: string;
  /** originals whose record is stored */
  done: string;
  /** originals that failed, each beside `<file>.error.json` */
  failed: string;
  /** outputs: records/, feed.json, index/ (the SQLite notice store) */
  out: string;
  records: string;
  feed: string;
  index: string;
}

/** auto: BullMQ when the Redis answers, else in-process (only for the default address); redis: BullMQ or exit; inprocess: never Redis */
export type QueueModeSetting = 'auto' | 'redis' | 'inprocess';
export const QUEUE_MODES: readonly QueueModeSetting[] = ['auto', 'redis', 'inprocess'];

export interface ServiceConfig {
  layout: DataLayout;
  queueMode: QueueModeSetting;
  redisUrl: string;
  /** true when REDIS_URL/--redis was given explicitly: unreachable is then an error, never a fallback */
  redisExplicit: boolean;
  queueName: string;
  /**
   * BullMQ key prefix (the queue's namespace). null until the data folder is bound
   * (intake/namespace.ts): by default each data folder gets its own, from the id written there
   * at first start, so two installs on one Redis never see each other's jobs.
   */
  prefix: string | null;
  port: number;
  host: string;
  /** public base URL used in the feed (home_page_url, feed_url, item URLs) */
  baseUrl: string;
  /** jobs in flight per worker process */
  concurrency: number;
  /** worker processes started by `tongzhi watch` / `tongzhi worker`; 0: this process only watches (workers run elsewhere) */
  workers: number;
  /** tries per job for transient errors (bad input fails at once) */
  attempts: number;
  /** extract keywords with jieba (false skips its ≈1.8 s dictionary load per process) */
  keywords: boolean;
  /** which notices reach the public feed and calendar (store/publication.ts) */
  publish: PublishPolicy;
  /** a file must keep its size and mtime this long before it is enqueued */
  stabilityMs: number;
  /** poll the inbox instead of using OS events (network shares) */
  poll: boolean;
  pollIntervalMs: number;
  maxBytes: number;
  /** when OCR runs: off, auto (scanned PDFs and page images) or force (also thin text layers) */
  ocr: OcrMode;
  /** wall-clock limit of one job: a base, plus a share per page once the file's pages are known */
  jobTimeoutMs: number;
  jobTimeoutPerPageMs: number;
  /** memory limit of one job's process (V8 heap cap; its resident size may reach 1.5× before it is killed) */
  jobMemoryMb: number;
  /** API keys file: one token a line, or `name:token`; null: none (server/auth.ts reads it at start) */
  apiKeysFile: string | null;
  /** API keys given in the environment (TONGZHI_API_KEYS, comma-separated), each a token or `name:token` */
  apiKeys: string[];
  /** a token accepted on /metrics only (for a Prometheus scraper), besides the API keys */
  metricsToken: string | null;
  /** /feed.json and /deadlines.ics without a credential */
  publicFeed: boolean;
  /** the notice store: 'sqlite' (`<out>/index/notices.sqlite`) or a postgres:// URL (store/index.ts) */
  store: string;
  /** Host header values the API answers (`name` or `name:port`, lower case); null: the bind host, localhost, 127.0.0.1 and [::1] with the port, and the base URL's host */
  allowedHosts: string[] | null;
}

export interface ConfigOption {
  key: string;
  flag: string;
  env: string;
  default: string;
  description: string;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  { key: 'data', flag: '--data', env: 'TONGZHI_DATA', default: './data', description: 'data folder (inbox/, done/, failed/, out/)' },
  { key: 'inbox', flag: '--inbox', env: 'TONGZHI_INBOX', default: '<data>/inbox', description: 'watched folder' },
  { key: 'done', flag: '--done', env: 'TONGZHI_DONE', default: '<data>/done', description: 'processed originals' },
  { key: 'failed', flag: '--failed', env: 'TONGZHI_FAILED', default: '<data>/failed', description: 'failed originals and their .error.json' },
  { key: 'out', flag: '--out', env: 'TONGZHI_OUT', default: '<data>/out', description: 'records/, feed.json, index/' },
  { key: 'store', flag: '--store', env: 'TONGZHI_STORE', default: 'sqlite', description: 'notice store and search: sqlite (a file in <out>/index) or postgres://user@host/db (shared by many API replicas and workers)' },
  { key: 'queueMode', flag: '--queue-mode', env: 'TONGZHI_QUEUE_MODE', default: 'auto', description: 'auto (BullMQ when Redis answers; in-process only if the default Redis is down), redis, or inprocess' },
  { key: 'redis', flag: '--redis', env: 'REDIS_URL', default: DEFAULT_REDIS_URL, description: 'Redis for BullMQ; an explicit URL that does not answer is an error' },
  { key: 'queue', flag: '--queue', env: 'TONGZHI_QUEUE', default: 'tongzhi-ingest', description: 'queue name' },
  { key: 'prefix', flag: '--prefix', env: 'TONGZHI_PREFIX', default: 'tongzhi-<data folder id>', description: 'Redis key prefix (namespace); by default one per data folder' },
  { key: 'port', flag: '--port', env: 'PORT', default: '8080', description: 'HTTP API port' },
  { key: 'host', flag: '--host', env: 'HOST', default: '127.0.0.1', description: 'HTTP API address' },
  { key: 'baseUrl', flag: '--base-url', env: 'TONGZHI_BASE_URL', default: 'http://<host>:<port>', description: 'public URL used in the feed' },
  { key: 'concurrency', flag: '--concurrency', env: 'TONGZHI_CONCURRENCY', default: '1', description: 'jobs in flight per worker process' },
  { key: 'workers', flag: '--workers', env: 'TONGZHI_WORKERS', default: '1', description: 'worker processes (0: watch only, workers run elsewhere)' },
  { key: 'attempts', flag: '--attempts', env: 'TONGZHI_ATTEMPTS', default: '3', description: 'tries per job for transient errors (exponential backoff)' },
  { key: 'keywords', flag: '--keywords', env: 'TONGZHI_KEYWORDS', default: 'true', description: 'extract keywords (false skips the jieba dictionary load)' },
  { key: 'publish', flag: '--publish', env: 'TONGZHI_PUBLISH', default: 'marked-public', description: 'marked-public: the feed and calendar hold only notices marked (此件主动公开)/(此件依申请公开); not-marked-private: all but those marked private' },
  { key: 'stabilityMs', flag: '--stability-ms', env: 'TONGZHI_STABILITY_MS', default: '2000', description: 'unchanged size+mtime for this long before a file is taken' },
  { key: 'poll', flag: '--poll', env: 'TONGZHI_POLL', default: 'false', description: 'poll the inbox (network shares)' },
  { key: 'pollIntervalMs', flag: '--poll-interval-ms', env: 'TONGZHI_POLL_INTERVAL_MS', default: '1000', description: 'polling interval' },
  { key: 'maxBytes', flag: '--max-bytes', env: 'TONGZHI_MAX_BYTES', default: String(DEFAULT_MAX_BYTES), description: 'reject larger files before reading' },
  { key: 'ocr', flag: '--ocr', env: 'TONGZHI_OCR', default: 'auto', description: 'OCR of scanned PDFs and page images (.png/.jpg/.tif): off, auto (PDFs without a usable text layer, images), or force (also PDFs with a thin text layer); a page with a text layer is never OCRed' },
  { key: 'jobTimeout', flag: '--job-timeout', env: 'TONGZHI_JOB_TIMEOUT', default: '120', description: 'seconds a job may run before it is killed (timeout error), plus --job-timeout-per-page per page' },
  { key: 'jobTimeoutPerPage', flag: '--job-timeout-per-page', env: 'TONGZHI_JOB_TIMEOUT_PER_PAGE', default: '2', description: 'seconds added to a job\'s limit per page of its file' },
  { key: 'jobMemoryMb', flag: '--job-memory-mb', env: 'TONGZHI_JOB_MEMORY_MB', default: '1024', description: 'memory limit of a job\'s process in MB (too_complex error past it)' },
  { key: 'apiKeysFile', flag: '--api-keys-file', env: 'TONGZHI_API_KEYS_FILE', default: 'none', description: 'API keys for the staff endpoints: one token a line, or name:token (# comments)' },
  { key: 'apiKeys', flag: '--api-keys', env: 'TONGZHI_API_KEYS', default: 'none', description: 'API keys, comma-separated (token or name:token); prefer the environment or the file: a flag shows in ps' },
  { key: 'metricsToken', flag: '--metrics-token', env: 'TONGZHI_METRICS_TOKEN', default: 'none', description: 'a token accepted on /metrics only (for Prometheus), besides the API keys' },
  { key: 'publicFeed', flag: '--public-feed', env: 'TONGZHI_PUBLIC_FEED', default: 'true', description: '/feed.json and /deadlines.ics without a credential (false: they need one too)' },
  { key: 'allowedHosts', flag: '--allowed-hosts', env: 'TONGZHI_ALLOWED_HOSTS', default: '<host>:<port>,localhost:<port>,127.0.0.1:<port>,[::1]:<port>', description: 'Host header values the API answers, comma-separated (name or name:port; * turns the check off); others get 421' },
];

export function layoutFor(data: string, overrides: Partial<Omit<DataLayout, 'data' | 'records' | 'feed' | 'index'>> = {}): DataLayout {
  const root = resolve(data);
  const out = resolve(overrides.out ?? join(root, 'out'));
  return {
    data: root,
    inbox: resolve(overrides.inbox ?? join(root, 'inbox')),
    done: resolve(overrides.done ?? join(root, 'done')),
    failed: resolve(overrides.failed ?? join(root, 'failed')),
    out,
    records: join(out, 'records'),
    feed: join(out, 'feed.json'),
    index: join(out, 'index'),
  };
}

/** An allowed Host: a DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST_ENTRY = /^(?:[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63}){0,20}\.?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/;

/** A setting with a value it cannot take: a usage error (exit 2), named by its option. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const positiveInt = (name: string, v: string, min = 1): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be ${min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer ≥ ${min}`}, got ${JSON.stringify(v)}`);
  return n;
};

const oneOf = <T extends string>(name: string, v: string, allowed: readonly T[]): T => {
  const t = v.trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(t)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return t as T;
};

/** A positive number of seconds (fractions allowed, so tests can use short limits), as ms. */
const seconds = (name: string, v: string, zero = false): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !zero)) throw new ConfigError(`${name} must be a ${zero ? 'non-negative' : 'positive'} number of seconds, got ${JSON.stringify(v)}`);
  return Math.round(n * 1000);
};

/** true/1/yes/on or false/0/no/off, any case; anything else is a usage error, not a silent false. */
const bool = (name: string, v: string | undefined, dflt: boolean): boolean => {
  if (v === undefined || v === '') return dflt;
  const t = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(t)) return true;
  if (['false', '0', 'no', 'off'].includes(t)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(v)}`);
};

/**
 * Flags win over environment variables, which win over defaults. `flags` holds values by
 * option key (as parsed from the command line); unknown keys are ignored.
 */
export function resolveConfig(flags: Readonly<Record<string, string | boolean | undefined>>, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const get = (key: string): string | undefined => {
    const opt = CONFIG_OPTIONS.find((o) => o.key === key);
    const f = flags[key];
    if (typeof f === 'string') return f;
    if (f === true) return 'true';
    return opt ? env[opt.env] : undefined;
  };
  const layout = layoutFor(get('data') ?? './data', {
    ...(get('inbox') ? { inbox: get('inbox') } : {}),
    ...(get('done') ? { done: get('done') } : {}),
    ...(get('failed') ? { failed: get('failed') } : {}),
    ...(get('out') ? { out: get('out') } : {}),
  });
  const redis = get('redis');
  if (redis === '') throw new ConfigError('redis must be a Redis URL; to run without Redis use --queue-mode inprocess');
  const queueMode = oneOf('queue-mode', get('queueMode') ?? 'auto', QUEUE_MODES);
  const prefix = get('prefix');
  if (prefix !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(prefix)) throw new ConfigError(`prefix must be 1–64 letters, digits, _ . or -, got ${JSON.stringify(prefix)}`);
  const port = Number(get('port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`port must be 0–65535, got ${get('port')}`);
  const host = get('host') ?? '127.0.0.1';
  const poll = get('poll');
  const list = (v: string | undefined): string[] => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const hosts = get('allowedHosts');
  const allowedHosts = hosts === undefined || hosts.trim() === '' ? null : list(hosts.toLowerCase());
  for (const h of allowedHosts ?? []) if (h !== '*' && !HOST_ENTRY.test(h)) throw new ConfigError(`allowed-hosts: ${JSON.stringify(h)} is not a host name, host:port, [ipv6]:port or *`);
  return {
    layout,
    queueMode,
    redisUrl: redis ?? DEFAULT_REDIS_URL,
    redisExplicit: redis !== undefined,
    queueName: get('queue') ?? 'tongzhi-ingest',
    prefix: prefix ?? null,
    port,
    host,
    baseUrl: (get('baseUrl') ?? `http://${host}:${port}`).replace(/\/+$/, ''),
    concurrency: positiveInt('concurrency', get('concurrency') ?? '1'),
    workers: positiveInt('workers', get('workers') ?? '1', 0),
    attempts: positiveInt('attempts', get('attempts') ?? '3'),
    keywords: bool('keywords', get('keywords'), true),
    publish: oneOf('publish', get('publish') ?? 'marked-public', PUBLISH_POLICIES),
    stabilityMs: positiveInt('stability-ms', get('stabilityMs') ?? '2000', 0),
    poll: bool('poll', poll, false),
    pollIntervalMs: positiveInt('poll-interval-ms', get('pollIntervalMs') ?? '1000'),
    maxBytes: positiveInt('max-bytes', get('maxBytes') ?? String(DEFAULT_MAX_BYTES)),
    ocr: oneOf('ocr', get('ocr') ?? 'auto', OCR_MODES),
    jobTimeoutMs: seconds('job-timeout', get('jobTimeout') ?? '120'),
    jobTimeoutPerPageMs: seconds('job-timeout-per-page', get('jobTimeoutPerPage') ?? '2', true),
    jobMemoryMb: positiveInt('job-memory-mb', get('jobMemoryMb') ?? '1024', 64),
    apiKeysFile: get('apiKeysFile')?.trim() || null,
    apiKeys: list(get('apiKeys')),
    metricsToken: get('metricsToken')?.trim() || null,
    publicFeed: bool('public-feed', get('publicFeed'), true),
    allowedHosts,
    store: storeOf(get('store')),
  };
}

function storeOf(v: string | undefined): string {
  const s = v?.trim() || 'sqlite';
  if (s === 'sqlite' || /^postgres(?:ql)?:\/\/./i.test(s)) return s;
  throw new ConfigError(`store must be sqlite or a postgres:// URL, got ${JSON.stringify(s.replace(/:[^:@/]*@/, ':***@'))}`);
}

/**
 * Where an original is kept once its outcome is stored: `done/<name>`, or `done/<stem>.<id8><ext>`
 * when another file of that name (different content) is already there.
 */
export function keptName(fileName: string, id: string, taken: boolean): string {
  if (!taken) return basename(fileName);
  const ext = extname(fileName);
  return `${basename(fileName, ext)}.${id.slice(0, 8)}${ext}`;
}
