/**
 * @module extract/segmenter
 * One jieba segmenter per process (@node-rs/jieba, a prebuilt native addon). The dictionary is read
 * on first use, not at import, so runs that never segment (forms, `--no-keywords` documents
 * without contact names) never pay for it; the TF-IDF table is a second, separate lazy load that
 * only keyword extraction needs.
 */
import { createRequire } from 'node:module';
import type { Jieba as JiebaClass, TfIdf as TfIdfClass, TaggedWord } from '@node-rs/jieba';

export type { TaggedWord };

export interface Segmenter {
  /** Words with their POS tags (`nr` person, `ns` place, `nt` organ, `x` unknown to the dictionary). */
  tag(text: string): TaggedWord[];
  /** Search-mode words: a long word and the dictionary words inside it. */
  cutForSearch(text: string, hmm?: boolean): string[];
  /** The `topN` TF-IDF keywords of `text`, best first. */
  extract(text: string, topN: number): Array<{ word: string; weight: number }>;
}

interface JiebaModule {
  Jieba: typeof JiebaClass;
  TfIdf: typeof TfIdfClass;
}
interface DictModule {
  dict: Uint8Array;
  idf: Uint8Array;
}

let segmenter: Segmenter | null = null;

export function loadSegmenter(): Segmenter {
  if (segmenter) return segmenter;
  // The package is CommonJS and its dict module reads both dictionary files when it is loaded;
  // require keeps that off the import path.
  const require = createRequire(import.meta.url);
  const { Jieba, TfIdf } = require('@node-rs/jieba') as JiebaModule;
  const dicts = require('@node-rs/jieba/dict.js') as DictModule;
  const jieba = Jieba.withDict(dicts.dict);
  let tfidf: TfIdfClass | null = null;
  segmenter = {
    tag: (text) => jieba.tag(text, true),
    cutForSearch: (text, hmm = true) => jieba.cutForSearch(text, hmm),
    extract: (text, topN) => {
      tfidf ??= TfIdf.withDict(dicts.idf);
      return tfidf.extractKeywords(jieba, text, topN).map((k) => ({ word: k.keyword, weight: k.weight }));
    },
  };
  return segmenter;
}
