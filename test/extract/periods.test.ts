/**
 * Table-driven tests of extract/periods: the main activity period of a notice, a range or a
 * single day, under a time heading, on a labelled line or in a scheduling sentence; windows
 * for submissions are no periods. Sentences are copied from real notices (eval/real).
 */
import { describe, expect, it } from 'vitest';
import { recordFromDoc } from '../../src/pipeline.js';
import { readBytes } from '../../src/readers/index.js';
import type { NoticeRecord } from '../../src/record/schema.js';

const recordOf = async (body: string, signed = '2022年7月28日'): Promise<NoticeRecord> =>
  recordFromDoc(await readBytes(new TextEncoder().encode(`关于举办科普活动的通知\n各单位：\n${body}\n某某学院\n${signed}`), 'x.txt'), { keywords: false });
const periodsOf = async (body: string, signed?: string): Promise<string[]> => (await recordOf(body, signed)).eventPeriods.map((p) => `${p.start}/${p.end}`);

describe('extractPeriods', () => {
  it.each([
    {
      name: 'range with blanks in a scheduling sentence (h027)',
      body: '省科协拟联合有关省直单位,于 2022 年 9 月 15-21 日共同组织开展以“喜迎二十大,科普向未来”为主题的 2022 年山东省全国科普日系列科普活动。',
      signed: '2022年7月28日',
      periods: ['2022-09-15/2022-09-21'],
    },
    { name: 'date as a sub-item under 时间与主题 (h016)', body: '一、时间与主题\n(一)2021年5月25-28日\n(二)主题\n百年回望:中国共产党领导科技发展\n二、有关要求', signed: '2021年5月21日', periods: ['2021-05-25/2021-05-28'] },
    { name: 'line under 科技周活动时间 (h018)', body: '一、科技周活动时间\n2016年5月12日-5月18日。\n二、科技周活动主题\n创新引领,共享发展。', signed: '2016年5月10日', periods: ['2016-05-12/2016-05-18'] },
    {
      name: 'two single days under 比赛时间, weekday brackets (h010)',
      body: '(一)报名时间:4月8日截止\n(三)比赛时间\n1.初赛:4月15日(周一)中午12:30\n2.决赛:4月17日(周三)中午12:30\n(四)比赛地点:蚌埠学院教学楼',
      signed: '2019年4月2日',
      periods: ['2019-04-15/2019-04-15', '2019-04-17/2019-04-17'],
    },
    { name: 'labelled single day, run-in (h022)', body: '一、 比赛时间: 11月 17日(周三) 下午:1∶00-4∶00\n二、 比赛地点:校体育馆', signed: '2010年10月12日', periods: ['2010-11-17/2010-11-17'] },
    { name: 'an opening (h023)', body: '开幕时间:2022年10月14日(周五)上午10点\n开幕地点:主楼D座二层展厅', signed: '2022年10月13日', periods: ['2022-10-14/2022-10-14'] },
    {
      name: 'an examination day that is also a 报到 deadline (g026)',
      body: '三、考核时间、地点：考核定于10月22日进行，申报人员请在考核当天上午6：30前凭身份证到台州市实验中学体育馆报到、抽签，逾期作自动放弃处理。',
      signed: '2011年10月17日',
      periods: ['2011-10-22/2011-10-22'],
    },
    { name: 'a meeting scheduled in a sentence (h020)', body: '经研究,拟定于2009年9月28日,召开郑州大学第五附属医院一届四次教职代会第一次联席会议,现将会议相关事项通知如下:', signed: '2009年9月24日', periods: ['2009-09-28/2009-09-28'] },
    {
      name: 'a day inside the announced range is part of it (h026)',
      body: '2022年广州市全国科普日活动将于2022年9月15至21日开展,主会场活动拟定于9月17日在华南国家植物园举行,现将有关工作事项通知如下:',
      signed: '2022年8月10日',
      periods: ['2022-09-15/2022-09-21'],
    },
    { name: 'a submission window after 于 is no period (h021)', body: '3.各市州、直管市、林区须于2020年1月8日—31日完成大赛网上申报工作。', signed: '2020年1月6日', periods: [] },
    { name: 'a registration window with 期间 is no period (h026)', body: '三、请活动举办单位于2022年8月15至9月28日期间,注册登录全国科普日网站,登记发布活动信息。', signed: '2022年8月10日', periods: [] },
    { name: 'a labelled submission window is no period (h034)', body: '1.企业网上申报时间:11月18日(星期四)8:00—11月27日(星期六)17:30。', signed: '2021年11月9日', periods: [] },
    { name: 'a departure is no activity period (h002)', body: '二、出发时间\n第一组于4月19日出发,第二组和第三组的出发时间另行通知。', signed: '2011年4月14日', periods: [] },
    { name: '前后 is no day (seed 004)', body: '中国科协、科技部决定于2023年5月30日第七个“全国科技工作者日”前后，组织开展活动。', signed: '2023年5月6日', periods: [] },
    { name: 'a web page time is no period (h018)', body: '时间:2016-05-10 10:31 浏览量:1', signed: '2016年5月10日', periods: [] },
    { name: 'a meeting the notice cites is no period', body: '根据2022年3月5日召开的全市科技工作会议精神，现就有关事项通知如下：', signed: '2022年4月1日', periods: [] },
    { name: 'the 报到 day is no period (n106)', body: '2008年9月19(星期五),会期1天。9月18日到山西省介休市锦源大酒店(山西省介休北坛西路)报到。', signed: '2008年9月10日', periods: [] },
    {
      name: '报到 and 离会 days around the meeting are no periods (n107)',
      body: '一、会议时间\n2011年1月12-13日(会期2天,1月11日报到,1月14日离会)。',
      signed: '2010年12月20日',
      periods: ['2011-01-12/2011-01-13'],
    },
    { name: 'a meeting from one afternoon to the next morning (n120)', body: '一、会议时间\n7月13日下午—7月14日上午。7月13日上午为会议报到时间。', signed: '2017年7月5日', periods: ['2017-07-13/2017-07-14'] },
    { name: 'an exam held on a day after a bare 于 (n204)', body: '2015年秋季学期大学外语四六级考试于12月19日进行,考试报名工作即将开始,现将相关事宜通知如下:', signed: '2015年8月28日', periods: ['2015-12-19/2015-12-19'] },
    {
      name: 'holidays with a day in lieu, a notice signed in December about the next year (n225)',
      body: '根據《國務院辦公廳關于2015年部分節假日安排的通知》及學校實際情況,現將我校2015年元旦、清明節放假調休日期通知如下:\n一、元旦:1月1日至3日放假調休,共3天。1月4日(星期日)上班。\n二、清明節:4月5日放假,4月6日(星期一)補休。',
      signed: '2014年12月17日',
      periods: ['2015-01-01/2015-01-03', '2015-04-05/2015-04-06'],
    },
    { name: 'a holiday range in brackets (n226)', body: '一、中秋节(9月11日—13日)放假3天。', signed: '2011年9月6日', periods: ['2011-09-11/2011-09-13'] },
    {
      name: 'make-up workdays are no periods (n244)',
      body: '一、放假时间\n2023年9月29日至10月6日放假调休,共8天。放假期间教学活动暂停,通识选修课程顺延。10月7日(星期六)、10月8日(星期日)上班;10月7日按第四周周四课表安排教学,10月8日按第四周周五课表安排教学。',
      signed: '2023年9月15日',
      periods: ['2023-09-29/2023-10-06'],
    },
    { name: 'an online registration window is no period (n210)', body: '请2015、2016、2017级专科学生于2018年3月12日—2018年3月18日登录正方教务信息系统进行网上报名(在截止日期前学生可自行在网上修改报名申请)。', signed: '2018年3月12日', periods: [] },
    { name: 'the new students\' 报到 days a notice is about (n203)', body: '根据学校安排,研究生新生报到时间为2023年9月8日 - 9月9日,请各二级培养单位做好2023级新生报到注册工作,现将相关事宜通知如下:', signed: '2023年9月11日', periods: ['2023-09-08/2023-09-09'] },
    { name: 'December notice, January training rolls into the next year', body: '一、培训时间\n1月8日—12日', signed: '2023年12月20日', periods: ['2024-01-08/2024-01-12'] },
    { name: 'December summary of a May activity stays in its year', body: '本市于5月20日至27日举办了科技活动周。', signed: '2023年12月20日', periods: ['2023-05-20/2023-05-27'] },
  ])('$name', async ({ body, signed, periods }) => {
    expect(await periodsOf(body, signed)).toEqual(periods);
  });

  it('a date years away from the notice is reported, not emitted', async () => {
    const r = await recordOf('一、比赛时间\n1965年10月31日', '2010年10月12日');
    expect(r.eventPeriods).toEqual([]);
    expect(r.issues.map((i) => i.code)).toContain('date_out_of_era');
  });
});
