/**
 * The pure rules of store/copies.ts, each on the real titles and sentences it handles (the real 44
 * notices under ../shared/eval/real and the seeds), and the shingle Jaccard the text rule's
 * threshold was picked between: copies of a seed read from two encodings, and the two 科技活动周
 * notices of 2023 and 2024, one template.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { processFile } from '../../src/pipeline.js';
import type { NoticeRecord } from '../../src/record/schema.js';
import { copyFeatures, copyReason, docKey, edgesOf, forwardedKey, forwardsIn, jaccard, shingles, TEXT_JACCARD, titleKey } from '../../src/store/copies.js';
import { SAMPLES } from '../helpers.js';
import { seedRecords } from '../sinks/fixtures.js';

describe('keys', () => {
  it.each([
    ['科技部 中央宣传部 中国科协关于举办2024年全国科技活动周的通知', '关于举办2024年全国科技活动周的通知'],
    ['《关于举办2024年全国科技活动周的通知》', '关于举办2024年全国科技活动周的通知'],
    ['教育部科技司关于组织开展“2019年全国科普讲解大赛”推荐活动的通知', '关于组织开展2019年全国科普讲解大赛推荐活动的通知'],
    // a forwarding notice keeps its own key, never its parent's
    ['转发《关于组织申报高层次创业创新人才人选工作的通知》', '转发关于组织申报高层次创业创新人才人选工作的通知'],
    ['通知', null],
  ])('titleKey(%s) = %s', (title, key) => {
    expect(titleKey(title)).toBe(key);
  });

  it.each([
    ['转发《关于组织申报高层次创业创新人才人选工作的通知》', '关于组织申报高层次创业创新人才人选工作的通知'],
    ['转发台州市《关于做好台州市电化教育研究专项课题申报工作的通知》', '关于做好台州市电化教育研究专项课题申报工作的通知'],
    ['转发省文明办等六部门关于推选第七届安徽省道德模范的通知', '关于推选第七届安徽省道德模范的通知'],
    ['教育部科技司关于组织开展“2019年全国科普讲解大赛”推荐活动的通知', null],
  ])('forwardedKey(%s) = %s', (title, key) => {
    expect(forwardedKey(title)).toBe(key);
  });

  it.each([
    ['现将台州市教育科学规划领导小组办公室《关于做好台州市电化教育研究专项课题申报工作的通知》（见附件1）转发给你们，请你们按照通知要求，认真做好课题的申报工作', true],
    ['现将省委宣传部、省文明办等六部门《关于推选第七届安徽省道德模范的通知》(皖文明办〔2021〕7号)转发给你们,并就教育系统推选有关事项通知如下:', true],
    ['根据《全国优秀科技工作者评选表彰办法》和《<全国优秀科技工作者评选表彰办法>实施细则》,中国科协决定开展第六届全国优秀科技工作者推荐评选工作', false],
  ])('forwardsIn(%s) = %s', (sentence, forwards) => {
    expect(forwardsIn(sentence)).toBe(forwards);
  });

  it('docKey writes every bracket as 〔〕', () => {
    expect(['国科发才〔2024〕31号', '国科发才[2024]31号', '国科发才（2024）31 号'].map(docKey)).toEqual(Array(3).fill('国科发才〔2024〕31号'));
    expect(docKey(null)).toBeNull();
  });
});

describe('copies and citations of the seeds', () => {
  let seeds: Map<string, NoticeRecord>;
  let gbk: NoticeRecord;
  beforeAll(async () => {
    seeds = await seedRecords();
    gbk = await processFile(join(SAMPLES, '001_683f5b3ce4c84b58_gbk.txt'), { maxBytes: 64 << 20, keywords: false });
  }, 60_000);
  const seed = (k: string): NoticeRecord => seeds.get(k) as NoticeRecord;

  it('001 read from GBK is a copy of 001 by its text alone (it has no 文号 and no 成文日期)', () => {
    const a = seed('001');
    expect([a.docNumber, a.signedDate]).toEqual([null, null]);
    expect(jaccard(shingles(a.text), shingles(gbk.text))).toBe(1);
    expect(copyReason(copyFeatures(a), copyFeatures(gbk), () => jaccard(shingles(a.text), shingles(gbk.text)))).toBe('text');
  });

  it('the 2023 and 2024 科技活动周 notices (one template) stay far below the threshold, and their 文号 differ', () => {
    const [a, b] = [seed('000'), seed('003')];
    const j = jaccard(shingles(a.text), shingles(b.text));
    expect(j).toBeGreaterThan(0.3);
    expect(j).toBeLessThan(TEXT_JACCARD - 0.3);
    expect(copyReason(copyFeatures(a), copyFeatures(b), () => 1)).toBeNull();
  });

  it('001 cites 000 and 山东\'s notice by 文号 and title (根据《…》（国科函才〔2023〕65号）), and forwards neither', () => {
    const edges = edgesOf(seed('001'));
    expect(edges).toContainEqual({ relation: 'cites', docKey: '国科函才〔2023〕65号', titleKey: '关于举办2023年全国科技活动周的通知' });
    expect(edges.map((e) => e.docKey)).toContain('鲁科字〔2023〕27号');
    expect(edges.every((e) => e.relation === 'cites')).toBe(true);
  });
});
