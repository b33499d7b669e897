/**
 * @module extract/keywords
 * Keywords by TF-IDF over the 正文 with jieba (extract/segmenter): its dictionaries load once per
 * process, lazily, on the first call.
 */
import { loadSegmenter, type Segmenter } from './segmenter.js';

/** The process's segmenter (kept under this name for callers that warm it up before timing). */
export function loadJieba(): Segmenter {
  return loadSegmenter();
}

const STOP = /^(?:[\d.]+|年|月|日|工作|活动|开展|加强|各地|各级|有关|要求|部门|单位|进一步|积极|通知|全面|深入|相关)$/;

export function extractKeywords(text: string, topN = 10): string[] {
  if (!text.trim()) return [];
  return loadSegmenter()
    .extract(text, topN * 2)
    .map((k) => k.word)
    .filter((w) => w.length >= 2 && !STOP.test(w))
    .slice(0, topN);
}
