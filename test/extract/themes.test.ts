/**
 * Table-driven tests of extract/themes: the 主题 line under a heading, a run-in 主题：…,
 * `主题为“…”` and `以“…”为主题` in a sentence.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordFromDoc } from '../../src/pipeline.js';
import { readBytes } from '../../src/readers/index.js';
import type { NoticeRecord } from '../../src/record/schema.js';

const recordOf = async (body: string): Promise<NoticeRecord> =>
  recordFromDoc(await readBytes(new TextEncoder().encode(`关于举办2023年科技活动周的通知\n各区县科技局：\n${body}`), 'x.txt'), { keywords: false });

describe('extractThemes', () => {
  it.each([
    { name: '（二）主题。 heading, theme on the next line (seed 000)', body: '（一）时间。\n2023年5月20—31日\n（二）主题。\n热爱科学 崇尚科学\n（三）主要内容。', themes: ['热爱科学 崇尚科学'] },
    { name: 'heading without a stop (seed 001)', body: '（二）主题\n热爱科学 崇尚科学\n（三）主要内容', themes: ['热爱科学 崇尚科学'] },
    { name: 'letter-spaced heading 主 题 (seed 002)', body: '（二）主 题\n热爱科学 崇尚科学', themes: ['热爱科学 崇尚科学'] },
    { name: '一、活动主题 (seed 004)', body: '一、活动主题\n点亮精神火炬\n二、活动时间\n2023年5月上旬-6月上旬', themes: ['点亮精神火炬'] },
    { name: '主题为“…” in a sentence', body: '本次活动主题为“热爱科学 崇尚科学”，各单位要紧扣主题。', themes: ['热爱科学 崇尚科学'] },
    { name: '以“…”为主题 (seed 002)', body: '科技周分会场活动设在北京城市绿心森林公园，以“遇见2023·和谐共生”为主题，由市科委共同承办。', themes: ['遇见2023·和谐共生'] },
    { name: '紧扣主题 is no theme', body: '各单位要紧扣主题，办出特色。', themes: [] },
    { name: '根据“…”主题 (h001)', body: '3.比赛内容。根据“科技强国 科普惠民”主题自由选择题目讲解。', themes: ['科技强国 科普惠民'] },
    { name: '围绕“…”的主题 (h013)', body: '各级科协围绕“节约能源资源、保护生态环境、保障安全健康”的主题，在2007年9月15日前后组织开展了全国科普日活动。', themes: ['节约能源资源、保护生态环境、保障安全健康'] },
    { name: '围绕“…”主题 (h026)', body: '一、请各单位高度重视，围绕“喜迎二十大，科普向未来”主题，组织好各项科普活动。', themes: ['喜迎二十大，科普向未来'] },
    { name: '主题为“…” after a period (g014)', body: '此次博士生学术论坛由浙江大学土水资源与环境研究所主办，主题为“土壤健康与农业可持续发展”。', themes: ['土壤健康与农业可持续发展'] },
    { name: '「」 quotes', body: '本届活动以「科学点亮生活」为主题。', themes: ['科学点亮生活'] },
    { name: '《》 where the sentence says it is the theme', body: '今年活动主题为《我和我的祖国》。', themes: ['我和我的祖国'] },
    { name: 'a theme line ending in a stop under 科技周活动主题 (h018)', body: '一、科技周活动时间\n2016年5月12日-5月18日。\n二、科技周活动主题\n创新引领,共享发展。\n三、科技活动周活动内容', themes: ['创新引领,共享发展'] },
    { name: 'heading, then a bare label, then the theme (g014)', body: '二、论坛主题\n论坛主题：\n土壤健康与农业可持续发展\n论坛主题解析：\n土壤是人类赖以生存和发展的物质基础。', themes: ['土壤健康与农业可持续发展'] },
    { name: 'unnumbered 活动主题： line', body: '活动主题：喜迎二十大 奋进新征程\n活动时间：2022年10月14日', themes: ['喜迎二十大 奋进新征程'] },
    { name: '时间与主题 heading: the sub-heading under it is no theme (h016)', body: '一、时间与主题\n(一)2021年5月25-28日\n(二)主题\n百年回望:中国共产党领导科技发展\n(三)主要内容', themes: ['百年回望:中国共产党领导科技发展'] },
    { name: 'a forum\'s own theme beside the notice\'s (n132)', body: '今年以“能源计量与节能降耗和污染减排”为主题的能源计量宣传活动。总局计量司支持中国计量协会在南京举办以“能源计量与节能降耗”为主题的论坛活动,各地要积极参加和支持。', themes: ['能源计量与节能降耗和污染减排'] },
    { name: 'a forum\'s theme alone is still a theme (g014 style)', body: '研究所举办以“土壤健康与农业可持续发展”为主题的学术论坛。', themes: ['土壤健康与农业可持续发展'] },
    { name: 'a heading 主题 followed by a sentence is no theme', body: '（二）主题\n各单位要结合实际，自行确定活动主题，突出地方特色，开展形式多样的活动。', themes: [] },
  ])('$name', async ({ body, themes }) => {
    const r = await recordOf(body);
    expect(r.themes).toEqual(themes);
  });

  it.each([
    { sample: '000_fc46f2fa053bb05e', themes: ['热爱科学 崇尚科学'] },
    { sample: '003_db71631729e5d48d', themes: ['弘扬科学家精神 激发全社会创新活力'] },
    { sample: '004_fa0b0f09862d8143', themes: ['点亮精神火炬'] },
  ])('seed $sample', async ({ sample, themes }) => {
    const doc = await readBytes(new Uint8Array(readFileSync(new URL(`../../samples/${sample}.txt`, import.meta.url))), `${sample}.txt`);
    expect(recordFromDoc(doc, { keywords: false }).themes).toEqual(themes);
  });

  // BUG: a run-in theme after a colon (the form the module documents, `（二）主题：热爱科学 崇尚科学`)
  // yields no theme: parseHeading ends the heading only at 。！？, so the heading is the whole line
  // `主题：热爱科学 崇尚科学`, which THEME_HEADING rejects. Actual themes: [].
  it('run-in （二）主题：热爱科学 崇尚科学', async () => {
    const r = await recordOf('（一）时间：2023年5月20日—31日\n（二）主题：热爱科学 崇尚科学');
    expect(r.themes).toEqual(['热爱科学 崇尚科学']);
  });
});
