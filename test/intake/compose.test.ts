/**
 * docker-compose.yml, checked without a Docker engine: parsed as YAML (with merge keys) and held to
 * what production needs — Redis with AOF and noeviction on a volume, one watcher, replicated
 * workers, the API, and every app service on the same volumes, paths and settings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_OPTIONS } from '../../src/config.js';
import { ROOT } from '../helpers.js';

interface Service {
  image?: string;
  profiles?: string[];
  healthcheck?: { test: string[] };
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  restart?: string;
}
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;
const APP = ['watcher', 'worker', 'api'] as const;
const app = (name: (typeof APP)[number]): Service => services[name] as Service;

/** Debian's docker-compose (1.29) validates the file without an engine, where it is installed. */
const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;

describe('docker-compose.yml', () => {
  it.runIf(dockerCompose)('passes `docker-compose config`', () => {
    const r = spawnSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
  });

  it('has redis, watcher, worker and api services, and postgres behind a profile', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'watcher', 'worker']);
  });

  it('offers PostgreSQL as the store: started with its profile only, on a volume, unpublished, and selected by TONGZHI_STORE', () => {
    const pg = services['postgres'] as Service;
    expect(pg.profiles).toEqual(['postgres']);
    expect(pg.ports).toBeUndefined();
    expect(pg.healthcheck?.test).toContain('pg_isready');
    const [volume, path] = (pg.volumes?.[0] ?? '').split(':');
    expect(path).toBe('/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty(volume as string);
    expect(pg.environment?.['POSTGRES_PASSWORD']).toBe('${TONGZHI_PG_PASSWORD:-}');
    // every app service reads the same store; SQLite unless the shell says otherwise
    for (const name of APP) expect(app(name).environment?.['TONGZHI_STORE'], name).toBe('${TONGZHI_STORE:-sqlite}');
    expect(composeText).toMatch(/TONGZHI_STORE="postgres:\/\/tongzhi:\$\{TONGZHI_PG_PASSWORD\}@postgres:5432\/tongzhi"/);
  });

  it('runs Redis with AOF and maxmemory-policy noeviction on a named volume', () => {
    const redis = services['redis'] as Service;
    const cmd = redis.command ?? [];
    expect(cmd[cmd.indexOf('--appendonly') + 1]).toBe('yes');
    expect(cmd[cmd.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    const [volume, path] = (redis.volumes?.[0] ?? '').split(':');
    expect(path).toBe('/data');
    expect(compose.volumes).toHaveProperty(volume as string);
  });

  it('replicates the workers and keeps the watcher from processing', () => {
    expect(app('worker').deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(app('worker').command).toEqual(['node', 'dist/workers/worker.js']);
    expect(app('watcher').environment?.['TONGZHI_WORKERS']).toBe('0');
    expect(app('watcher').command?.slice(-1)).toEqual(['watch']);
    expect(app('api').command?.slice(-1)).toEqual(['serve']);
    expect(app('api').environment?.['HOST']).toBe('0.0.0.0');
  });

  it('publishes the API on the loopback interface only, says how to put a reverse proxy in front, and answers its own Host names', () => {
    const port = app('api').environment?.['PORT'];
    expect(app('api').ports).toEqual([`127.0.0.1:${port}:${port}`]);
    for (const p of Object.values(services).flatMap((s) => s.ports ?? [])) expect(p, 'no service is published on every interface').toMatch(/^127\.0\.0\.1:/);
    expect(composeText).toMatch(/reverse proxy[\s\S]{0,200}TLS/);
    const hosts = (app('api').environment?.['TONGZHI_ALLOWED_HOSTS'] ?? '').split(',');
    expect(hosts).toContain(`localhost:${port}`);
    expect(hosts).toContain(new URL(app('api').environment?.['TONGZHI_BASE_URL'] ?? '').host);
  });

  it('gives the API its keys from the environment, never a literal key in the file', () => {
    const env = app('api').environment ?? {};
    expect(env['TONGZHI_API_KEYS']).toBe('${TONGZHI_API_KEYS:-}');
    for (const s of Object.values(services)) for (const [k, v] of Object.entries(s.environment ?? {})) if (/KEY|TOKEN|PASSWORD/.test(k)) expect(v, k).toMatch(/^\$\{[A-Z_]+:-\}$/);
  });

  it('restarts Redis, the watcher and the workers when they fail', () => {
    for (const name of ['redis', 'watcher', 'worker', 'api']) expect(['on-failure', 'unless-stopped', 'always'], name).toContain((services[name] as Service).restart);
  });

  it.each(APP)('%s: same image, same volumes at the same paths, Redis by service name, only known settings', (name) => {
    const s = app(name);
    expect(s.build).toBe('.');
    expect(s.image).toBe(app('watcher').image);
    expect(s.volumes).toEqual(app('watcher').volumes);
    for (const v of s.volumes ?? []) expect(compose.volumes).toHaveProperty(v.split(':')[0] as string);
    const env = s.environment ?? {};
    expect(env['REDIS_URL']).toBe('redis://redis:6379');
    expect(env['TONGZHI_INBOX']).toBe('/data/inbox');
    expect(s.volumes).toContain(`inbox:${env['TONGZHI_INBOX']}`);
    expect(s.volumes).toContain(`out:${env['TONGZHI_OUT']}`);
    const known = new Set(CONFIG_OPTIONS.map((o) => o.env));
    for (const k of Object.keys(env)) expect(known, `${name}: ${k} is not a tongzhi setting`).toContain(k);
    for (const k of ['TONGZHI_QUEUE', 'TONGZHI_PREFIX', 'TONGZHI_DATA', 'TONGZHI_OUT']) expect(env[k]).toBe(app('watcher').environment?.[k]);
  });

  it('starts the app only once Redis answers', () => {
    expect(app('watcher').depends_on?.['redis']?.condition).toBe('service_healthy');
    expect(app('worker').depends_on?.['redis']?.condition).toBe('service_healthy');
  });

  it('the commands exist in the build and the Dockerfile builds them on node:20-bookworm-slim', () => {
    for (const name of APP) expect(existsSync(join(ROOT, (app(name).command ?? [])[1] as string)), name).toBe(true);
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM node:20-bookworm-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
  });
});
