/**
 * @module extract/keywords
 * Keywords by TF-IDF over the 正文 with nodejieba. Its dictionary costs about a second and a few
 * hundred MB to load, so it is loaded once per process, lazily, on the first call.
 */
import { createRequire } from 'node:module';

interface Jieba {
  extract(text: string, topN: number): Array<{ word: string; weight: number }>;
  cutForSearch(text: string, hmm?: boolean): string[];
}

let jieba: Jieba | null = null;

export function loadJieba(): Jieba {
  if (!jieba) {
    // nodejieba is a CommonJS native addon; require loads it on demand instead of at import.
    const require = createRequire(import.meta.url);
    jieba = require('nodejieba') as Jieba;
  }
  return jieba;
}

const STOP = /^(?:[\d.]+|年|月|日|工作|活动|开展|加强|各地|各级|有关|要求|部门|单位|进一步|积极|通知|全面|深入|相关)$/;

export function extractKeywords(text: string, topN = 10): string[] {
  if (!text.trim()) return [];
  return loadJieba()
    .extract(text, topN * 2)
    .map((k) => k.word)
    .filter((w) => w.length >= 2 && !STOP.test(w))
    .slice(0, topN);
}
