/**
 * @module intake/options
 * What a job needs from the configuration, and how it reaches a sandboxed child process or a
 * worker on another machine: as the same TONGZHI_* environment variables the CLI reads.
 */
import { resolveConfig, type ServiceConfig } from '../config.js';
import type { JobRunOptions } from './job.js';
import { RunnerPool, type JobLimits } from './runner.js';

export const jobOptionsOf = (config: ServiceConfig): JobRunOptions => ({ layout: config.layout, maxBytes: config.maxBytes, keywords: config.keywords, ocr: config.ocr });

/** The environment that makes resolveConfig give back this config's job-relevant settings. */
export function configEnv(config: ServiceConfig): Record<string, string> {
  const { layout } = config;
  return {
    TONGZHI_DATA: layout.data,
    TONGZHI_INBOX: layout.inbox,
    TONGZHI_DONE: layout.done,
    TONGZHI_FAILED: layout.failed,
    TONGZHI_OUT: layout.out,
    TONGZHI_MAX_BYTES: String(config.maxBytes),
    TONGZHI_KEYWORDS: String(config.keywords),
    TONGZHI_OCR: config.ocr,
    TONGZHI_QUEUE: config.queueName,
    ...(config.prefix !== null ? { TONGZHI_PREFIX: config.prefix } : {}),
    TONGZHI_CONCURRENCY: String(config.concurrency),
    TONGZHI_ATTEMPTS: String(config.attempts),
    TONGZHI_JOB_TIMEOUT: String(config.jobTimeoutMs / 1000),
    TONGZHI_JOB_TIMEOUT_PER_PAGE: String(config.jobTimeoutPerPageMs / 1000),
    TONGZHI_JOB_MEMORY_MB: String(config.jobMemoryMb),
    REDIS_URL: config.redisUrl,
    TONGZHI_QUEUE_MODE: config.queueMode,
  };
}

export const jobLimitsOf = (config: ServiceConfig): JobLimits => ({ timeoutMs: config.jobTimeoutMs, perPageMs: config.jobTimeoutPerPageMs, memoryMb: config.jobMemoryMb });

/** A pool of job processes with this config's limits; its children get the config as TONGZHI_* variables. */
export const runnerPoolFor = (config: ServiceConfig, env: NodeJS.ProcessEnv = process.env, runnerFile?: string): RunnerPool =>
  new RunnerPool({ run: jobOptionsOf(config), limits: jobLimitsOf(config), env: { ...env, ...configEnv(config) }, ...(runnerFile ? { runnerFile } : {}) });

export const jobOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): JobRunOptions => jobOptionsOf(resolveConfig({}, env));
