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
    { name: 'the meeting day of a 报到/开会/离会 agenda takes the month of the 报到 day (n101)', body: '二、会议时间\n12月28日下午在农业大厦(太原市迎泽区桃园正街6号,联系电话:0351-4695666)报到,29日上午开会,下午离会。', signed: '2017年12月25日', periods: ['2017-12-29/2017-12-29'] },
    {
      name: 'a postponed meeting keeps only its new dates (n205)',
      body: '2013年10月11日学会下发了《关于召开湖南省茶叶学会2013年学术年会的通知》中预定 2013年11月28日至30日在安化县湖南省茶叶学会2013年学术年会,因在2013年11月26日至30日期间,中国茶叶学会将在浙江召开九届二次理事会和团体会员大会,另外,第五届湖南茶业博览会将于2013年12月5日至8日在省展览馆举行,兹决定省茶叶学会2013年学术年会延期至2013年12月13日至15日举行,现将有关事项通知如下:',
      signed: '2013年11月15日',
      periods: ['2013-12-13/2013-12-15'],
    },
    { name: '原定 dates are put off (n243)', body: '大会主办单位研究决定:原定于2021年11月8-11日在南昌召开的“中国湿地论坛(第六届)” 延期至2021年12月中下旬举办,具体日期待确定后另行通知。', signed: '2021年10月31日', periods: [] },
    { name: 'a web page\'s own date is no period (n110, n140)', body: '發布日期:2020-10-27 來源:武進高新區管委會\n发文时间: 2007-9-13', signed: '2020年10月27日', periods: [] },
    { name: 'a weekday named before the bracketed date (n216)', body: '根据镇人大工作安排,拟定于本周日(8月30日)上午8:00开始,对花庄镇各村改善人居环境工作开展集中视察活动。', signed: '2020年8月27日', periods: ['2020-08-30/2020-08-30'] },
    { name: 'a time label printed with a semicolon (n230)', body: '一, 竞赛时间;2018年5月24日星期四下午第三节\n二, 竞赛地点:各班教室', signed: '2018年5月20日', periods: ['2018-05-24/2018-05-24'] },
    {
      name: 'phases replace the range they split (n144)',
      body: '第137届届广交会线下展于2025年4月15日-5月5日举办,共设展区55个。\n展期设置:分三期在广交会展馆举办,展期安排如下:\n第一期:2025年4月15—19日;\n第二期:2025年4月23—27日;\n第三期:2025年5月1日—5月5日;',
      signed: '2025年2月25日',
      periods: ['2025-04-15/2025-04-19', '2025-04-23/2025-04-27', '2025-05-01/2025-05-05'],
    },
    { name: 'a day on a line of its own inside another line\'s range stays (n233)', body: '1、集中培训时间:2011年3月13日(星期天,如有变动,另行通知)上午9:30开始。\n2、分片培训时间:2月23日至3月15日,具体培训时间由乡镇与分组培训人员共同商定。', signed: '2011年2月20日', periods: ['2011-03-13/2011-03-13', '2011-02-23/2011-03-15'] },
    { name: 'a 报到 day under a time heading is no period (n128)', body: '五、报到时间及地点\n1、报到时间:2010年7月7日全天。', signed: '2010年6月20日', periods: [] },
    { name: 'a line led by a range that names a span (n242)', body: '2022年4月1日至4月5日封闭期间重要注意事项:\n一、严格遵守封闭管理规定。', signed: '2022年3月31日', periods: ['2022-04-01/2022-04-05'] },
    { name: 'a range in brackets after the span it names (n145)', body: '根据省水利厅相关文件要求,在汛期(4月15日-10月15日)须建立水旱灾害防御值班制度。', signed: '2021年4月12日', periods: ['2021-04-15/2021-10-15'] },
    { name: 'the day of a named day whose theme is announced (n147)', body: '世界卫生组织确定2013年4月7日世界卫生日的主题是“控制高血压”,旨在呼吁国际社会和各国政府重视高血压问题。', signed: '2013年4月1日', periods: ['2013-04-07/2013-04-07'] },
    {
      name: 'a numbered time heading run into its paragraph (n241.pdf)',
      body: '现将大赛相关事宜通知如下:一、大赛主题“立志 — 我是学院主人翁”二、时间安排2021 年 3 月 24 日 — 4 月 14 日三、主办单位通识教育与外国语学院',
      signed: '2021年3月20日',
      periods: ['2021-03-24/2021-04-14'],
    },
    {
      name: 'a make-up workday whose line a PDF broke before 课程 (n228.pdf)',
      body: '国庆节(中秋、国庆连休):10 月 1 日(星期日)至 10 月 8 日(星期日)放假调休,共 8 天。9 月 30 日(星期六)补 10 月 2 日\n(星期一)课程。',
      signed: '2017年9月4日',
      periods: ['2017-10-01/2017-10-08'],
    },
    {
      name: 'a trip from the day it sets off to the day it is back (n237)',
      body: '第21届全国青少年科技创新大赛决赛定于2006年8月3-7日在澳门举行。\n二、活动安排\n观摩团8月1日出发,8月7日返汉。',
      signed: '2006年6月6日',
      periods: ['2006-08-03/2006-08-07', '2006-08-01/2006-08-07'],
    },
    {
      name: 'two days of a sentence that are no departure and return stay apart',
      body: '请于8月1日前报名,8月7日公布名单。',
      signed: '2006年6月6日',
      periods: [],
    },
  ])('$name', async ({ body, signed, periods }) => {
    expect(await periodsOf(body, signed)).toEqual(periods);
  });

  it('a month read from the date before is reported as inferred (n101)', async () => {
    const r = await recordOf('12月28日下午在农业大厦报到,29日上午开会,下午离会。', '2017年12月25日');
    expect(r.issues.find((i) => i.code === 'date_inferred' && i.path[0] === 'eventPeriods')?.message).toContain('29日');
  });

  it('a date years away from the notice is reported, not emitted', async () => {
    const r = await recordOf('一、比赛时间\n1965年10月31日', '2010年10月12日');
    expect(r.eventPeriods).toEqual([]);
    expect(r.issues.map((i) => i.code)).toContain('date_out_of_era');
  });
});
