/**
 * @module server/auth
 * Who may ask what. Staff endpoints need an API key, sent as `Authorization: Bearer <key>`,
 * `X-API-Key: <key>`, or as the password of HTTP Basic (what a browser can send, for the queue
 * board). Keys come from a file and/or the environment; only their SHA-256 is kept, and a
 * presented key is hashed and compared with every known hash by crypto.timingSafeEqual, so
 * neither its length nor how much of it matches shows in the answer time.
 *
 * The Host header is checked against the names the API is meant to be reached by: a page on
 * another site that rebinds its own DNS name to 127.0.0.1 then reaches the API with its own name
 * as Host, and is refused before any route runs.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { ServiceConfig } from '../config.js';
import { ConfigError } from '../config.js';

export interface ApiKey {
  /** shown in the request log instead of the key */
  name: string;
  hash: Buffer;
  /** false: accepted on /metrics only (the metrics token) */
  staff: boolean;
}

/** Shorter keys are refused at start: a key is a secret, not a password to remember. */
export const MIN_KEY_LENGTH = 16;
const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** `token` or `name:token`; a line whose part before the first colon is no name is a token with a colon. */
function parseKey(raw: string, fallbackName: string, where: string): { name: string; token: string } {
  const colon = raw.indexOf(':');
  const named = colon > 0 && NAME.test(raw.slice(0, colon));
  const name = named ? raw.slice(0, colon) : fallbackName;
  const token = (named ? raw.slice(colon + 1) : raw).trim();
  if (token.length < MIN_KEY_LENGTH) throw new ConfigError(`${where}: API key ${JSON.stringify(name)} is shorter than ${MIN_KEY_LENGTH} characters`);
  if (/\s/.test(token)) throw new ConfigError(`${where}: API key ${JSON.stringify(name)} contains white space`);
  return { name, token };
}

/** The keys of the API keys file (one a line, `#` comments and blank lines skipped), the environment, and the metrics token. */
export async function loadApiKeys(config: Pick<ServiceConfig, 'apiKeysFile' | 'apiKeys' | 'metricsToken'>): Promise<ApiKey[]> {
  const keys: ApiKey[] = [];
  if (config.apiKeysFile) {
    const file = config.apiKeysFile;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`api-keys-file: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // A key file anyone on the machine can read is a key anyone on the machine has: said, not refused
    // (a container may mount it read-only with any mode).
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      const t = line.trim();
      if (t && !t.startsWith('#')) {
        const { name, token } = parseKey(t, `key${i + 1}`, `${file}:${i + 1}`);
        keys.push({ name, hash: sha256(token), staff: true });
      }
    });
  }
  keys.push(...apiKeysOf(config.apiKeys, 'TONGZHI_API_KEYS'));
  if (config.metricsToken) {
    const { name, token } = parseKey(config.metricsToken, 'metrics', 'metrics-token');
    keys.push({ name, hash: sha256(token), staff: false });
  }
  return keys;
}

/** Staff keys from `token` or `name:token` strings (unnamed ones are called env1, env2…). */
export function apiKeysOf(raws: readonly string[], where: string): ApiKey[] {
  return raws.map((raw, i) => {
    const { name, token } = parseKey(raw, `env${i + 1}`, where);
    return { name, hash: sha256(token), staff: true };
  });
}

/** True when the key file can be read by others than its owner (logged as a warning). */
export async function readableByOthers(file: string): Promise<boolean> {
  try {
    return ((await stat(file)).mode & 0o044) !== 0;
  } catch {
    return false;
  }
}

/**
 * The key `presented` is, or null. Every known hash is compared, whether or not one matched
 * already, so the time taken says nothing about which key or how many.
 */
export function matchKey(keys: readonly ApiKey[], presented: string): ApiKey | null {
  const h = sha256(presented);
  let found: ApiKey | null = null;
  for (const k of keys) if (timingSafeEqual(h, k.hash) && !found) found = k;
  return found;
}

/** The credential a request carries: Bearer, X-API-Key, or the password of Basic. */
export function credentialOf(header: (name: string) => string | undefined): string | null {
  const auth = header('authorization')?.trim();
  if (auth) {
    const m = /^(bearer|basic)\s+(\S{1,4096})$/i.exec(auth);
    if (m?.[1]?.toLowerCase() === 'bearer') return m[2] as string;
    if (m) {
      const decoded = Buffer.from(m[2] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : null;
    }
  }
  const key = header('x-api-key')?.trim();
  return key ? key.slice(0, 4096) : null;
}

/** A new random key (32 bytes, base64url): what `start --demo` makes when none is configured. */
export const newApiKey = (): string => randomBytes(32).toString('base64url');

/** Host names and name:port pairs, lower case; `*` alone: no check. */
export interface HostPolicy {
  any: boolean;
  /** `name` (any port) or `name:port` */
  allowed: Set<string>;
}

/** The default: the bind address, localhost, 127.0.0.1 and [::1] with the port, and the public base URL's host. */
export function hostPolicy(config: Pick<ServiceConfig, 'allowedHosts' | 'host' | 'baseUrl'>, port: number): HostPolicy {
  if (config.allowedHosts) return { any: config.allowedHosts.includes('*'), allowed: new Set(config.allowedHosts) };
  const bind = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const names = new Set([bind, 'localhost', '127.0.0.1', '[::1]'].map((h) => `${h.toLowerCase()}:${port}`));
  try {
    names.add(new URL(config.baseUrl).host.toLowerCase());
  } catch {
    // a base URL that is no URL adds nothing
  }
  return { any: false, allowed: names };
}

/** Whether a Host header value is allowed: `name:port` must be listed, or `name` alone. */
export function hostAllowed(policy: HostPolicy, host: string | undefined): boolean {
  if (policy.any) return true;
  if (!host) return false;
  const h = host.trim().toLowerCase();
  if (policy.allowed.has(h)) return true;
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(h);
  return m !== null && policy.allowed.has(m[1] as string);
}
