/**
 * Which attachments a notice lists as forms to fill in, by title, whether or not the file is
 * included: numbered lists, lists after the signature, names over two lines, file names, forms
 * named in the body (（附件N）, （附后）, 印发给你们). Texts are cut from real notices (eval/real).
 */
import { describe, expect, it } from 'vitest';
import { recordFromDoc } from '../../src/pipeline.js';
import { readBytes } from '../../src/readers/index.js';

const titlesOf = async (text: string): Promise<Array<string | null>> =>
  recordFromDoc(await readBytes(new TextEncoder().encode(text), 'x.txt'), { keywords: false }).attachments.map((a) => a.title);

describe('attachment titles', () => {
  it.each([
    {
      name: 'numbered list: only the form counts, the file extension is cut (h003)',
      text: '各市直有关部门:\n要认真填报《科普统计调查表》(附件2)。\n附件:1.新乡市2013年度科普统计工作实施方案.doc\n\n     2.科普统计调查表.doc    \n\n                           新乡市科学技术局',
      titles: ['科普统计调查表'],
    },
    {
      name: 'a form named in the body before (见附件) without 填写 (n203)',
      text: '各培养单位:\n三、请各二级培养单位提交2023级新生报到情况统计表(见附件),注明报到情况(保留入学资格、休学、未报到等),并于9月20日前将签字盖章的纸质材料提交至研究生院112办公室。',
      titles: ['2023级新生报到情况统计表'],
    },
    {
      name: 'the same in PDF text, blanks around the figures (n203)',
      text: '各培养单位:\n三、请各二级培养单位提交 2023 级新生报到情况统计表(见附件),注明报到情况(保留入学资格、休学、未报到等),并于 9 月 20 日前将签字盖章的纸质材料提交至研究生院 112 办公室。',
      titles: ['2023级新生报到情况统计表'],
    },
    {
      name: 'one form for two numbered attachments (n116)',
      text: '各省级交通运输主管部门:\n各省(区、市)推荐的成绩突出集体和个人,应在推荐审核表(见附件2、附件3)“省级推荐单位意见”栏中填写意见并加盖公章。',
      titles: ['推荐审核表'],
    },
    {
      name: 'the label before the form\'s name (n241)',
      text: '各班:\n只参加初赛(个人赛)的同学,在各班班长处报名,各班班长以班级为单位填写附件1《“我为学院代言”应知应会知识竞赛个人报名表》发送至大赛报名指定邮箱。\n由队长负责填写附件2《“我为学院代言”应知应会知识竞赛团队报名表》发送至大赛报名指定邮箱。',
      titles: ['“我为学院代言”应知应会知识竞赛个人报名表', '“我为学院代言”应知应会知识竞赛团队报名表'],
    },
    {
      name: '附表: lists a form as a file (n115)',
      text: '各市州环保局:\n请于2016年3月15日前将调查表纸质版(加盖公章)和电子版报送我厅。\n附表:建设项目分类管理名录实施情况调查表(表1和表2).doc\n湖南省环境保护厅办公室\n2016年2月17日',
      titles: ['建设项目分类管理名录实施情况调查表(表1和表2)'],
    },
    {
      name: 'a 报名单 printed after the signature (n237)',
      text: '各学校:\n请填写报名单。\n湖北省青少年科技中心\n2006年6月6日\n观摩团报名单\n单位 | 姓名 | 职务 | 电话',
      titles: ['观摩团报名单'],
    },
    {
      name: 'a name over two lines (h024)',
      text: '各设区市、平潭综合实验区教育局:\n请报送。\n  附件:1.Xx设区市(平潭综合实验区)省级遴选赛代表队成\n\n  员信息汇总表\n\n  2.第四届福建省中小学生“学宪法讲宪法”比赛参赛选手信息表',
      titles: ['Xx设区市(平潭综合实验区)省级遴选赛代表队成员信息汇总表', '第四届福建省中小学生“学宪法讲宪法”比赛参赛选手信息表'],
    },
    {
      name: '附件N：lines, an edition note after the name (h030, h031)',
      text: '请各单位报送。\n附件1:工信部2018年制造业“双创”平台试点示范项目遴选工作方案\n附件2:2018年制造业“双创”平台试点示范项目申报书\n四川省经济和信息化委员会\n2018年7月16日',
      titles: ['2018年制造业“双创”平台试点示范项目申报书'],
    },
    {
      name: 'a list cut short; the body names the missing form with its number (h026)',
      text: '市属各高校:\n填写《2022年广州市全国科普日主会场活动项目信息表》(附件2)，自行安排的单位填写《2022年广州市全国科普日系列活动项目信息表》(附件3)。\n附件:1.广州市科协关于举办2022年广州市全国科普日活动的通知\n2.2022年广州市全国科普日主会场活动项目信息表\n3.2',
      titles: ['2022年广州市全国科普日主会场活动项目信息表', '2022年广州市全国科普日系列活动项目信息表'],
    },
    {
      name: 'a form the body says is attached (附后) (h025)',
      text: '各单位:\n请填报第七届安徽省道德模范推选表(附后)，于4月2日前报送至宣传部。\n合肥工业大学\n2021年3月24日',
      titles: ['第七届安徽省道德模范推选表'],
    },
    {
      name: 'forms sent with the notice: 印发给你们, （样本附表） (g016, g027)',
      text: '各级医疗机构:\n现将《广东省医疗安全协会个人会员入会申请表》、《广东省医疗安全协会单位会员入会申请表》、《广东省医疗安全协会第一届理事会理事推荐表》印发给你们，请积极组织。\n广东省医疗安全协会（筹）\n二0一五年六月十五日',
      titles: ['广东省医疗安全协会个人会员入会申请表', '广东省医疗安全协会单位会员入会申请表', '广东省医疗安全协会第一届理事会理事推荐表'],
    },
    {
      name: 'a form named in the body without saying it is attached is not one (h011, h018)',
      text: '各单位:\n《第九届中国青年科技奖推荐表》(到中国科协网站www.cast.org.cn下载)纸质材料一式15份；连同《2016年福建省科技活动周活动情况统计表》报送区科协。',
      titles: [],
    },
    {
      name: 'one form named in the body, the list and over its table is one (g031 style, g014)',
      text: '各学校：\n结对成员填写意向申报表（附件2），学校汇总后报送。\n附件：1．各类名师工作室领衔人、名师名校长名单\n2．名师工作室成员、名师名校长带徒意向申报表。\n温岭市教育局办公室\n二〇一一年十月二十六日',
      titles: ['名师工作室成员、名师名校长带徒意向申报表'],
    },
    {
      name: 'label and title on one line over the form (g014)',
      text: '请填写论坛报名表。\n浙江大学土水资源与环境研究所\n2022年9月19日\n\n附件1  2022年博士生“土壤健康与农业可持续发展 ”学术论坛报名表\n姓名 |  | 年级 | \n所在学校 |  | 专业 | ',
      titles: ['2022年博士生“土壤健康与农业可持续发展”学术论坛报名表'],
    },
    {
      name: '附件:TITLE after the date opens the form; its `label: value` lines are not titles; the body\'s (附件) names it (n148)',
      text: '各市、州卫生局:\n各市州要严格按照《甘肃省卫生固定宣传标语刷写情况统计表》(附件)中所列栏目及要求按时报送报表。\n特此通知。\n附件:《甘肃省医疗卫生固定宣传标语刷写情况统计表》\n甘肃省卫生厅\n二O一O年四月二日\n附件:甘肃省医疗卫生固定宣传标语刷写情况统计表\n填报单位: 市(州)卫生局\n填报时间: 年 月 日\n县(区) | 卫生固定标语刷写及媒体播报情况(条) | 备 注 |\n| 小计 | 墙体刷写 | 电视播放 | 固定时段广播信息 | 其它 | |\n市州合计 | | | | | | |',
      titles: ['甘肃省医疗卫生固定宣传标语刷写情况统计表'],
    },
  ])('$name', async ({ text, titles }) => {
    expect(await titlesOf(text)).toEqual(titles);
  });
});
