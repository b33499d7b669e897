/**
 * Line roles of real notices from evidence, not position: page chrome, titles printed twice or
 * not at all, 文号 in brackets, 主送 lines, signatures of departments or several organs, dates
 * before the contacts, 附件 lists after the signature, closings run together on one line.
 * Every text is copied from a real notice (eval/real) and cut to the lines the rule needs.
 */
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/document.js';
import { recordFromDoc } from '../../src/pipeline.js';
import { readBytes } from '../../src/readers/index.js';
import { isPageChrome } from '../../src/structure/patterns.js';
import { segment } from '../../src/structure/segment.js';
import { numericDate } from '../../src/structure/tail.js';

const docOf = (text: string): Promise<Doc> => readBytes(new TextEncoder().encode(text), 'x.txt');
const texts = (l: Array<{ text: string }>): string[] => l.map((x) => x.text.trim());

describe('isPageChrome', () => {
  it.each([
    { text: '发布时间:2022-07-28浏览量:2099', yes: true },
    { text: '来源:渭南市科学技术局 发布时间:2022-05-11 12:22', yes: true },
    { text: '时间:2016-05-10 10:31 浏览量:1', yes: true },
    { text: '日期:2021年03月24日 16:29  稿件来源:', yes: true },
    { text: '2023-10-20 16:22:05   来源:福州市长乐区人民政府   评论:0 点击:', yes: true },
    { text: '供稿人:学会学术部', yes: true },
    { text: 'http://www.wledu.org/cms/app/info/doc/index.php/48860', yes: true },
    { text: '【打印本页】【关闭窗口】', yes: true },
    { text: '[打印] [关闭]', yes: true },
    { text: '收藏 | 打印 | 返回顶部', yes: true },
    { text: '【字体：大 中 小】', yes: true },
    { text: '下一篇:关于举办2023年科技活动周的通知', yes: true },
    { text: '关闭通道的通知', yes: false },
    { text: '打印机采购项目', yes: false },
    { text: '时间:2009年9月28日(星期一)8:30', yes: false },
    { text: '联系人:刘老师', yes: false },
  ])('$text → $yes', ({ text, yes }) => {
    expect(isPageChrome(text)).toBe(yes);
  });
});

describe('head', () => {
  it.each([
    {
      name: 'no title: a 主送 line opens the notice and is not an issuer (h019)',
      text: '各镇(街道)、各镇(街道)政协工作联络组、市直各单位、八届政协委员、住天长的滁州市政协委员:\n经市政协八届四次常委会议研究决定，会议于2008年1月14日至17日在市区举行。\n特此通知\n政协天长市委员会\n二OO八年一月七日',
      title: null, docNumber: null, issuers: ['政协天长市委员会'], signed: '2008-01-07',
    },
    {
      name: 'no title: a numbered heading under the 主送 is not one (h020)',
      text: '各位代表:\n根据《民主管理实施细则》的有关规定，经研究，现将会议相关事项通知如下:\n一、会议内容\n听取审议表决《关于新建外科综合病房楼工程项目的报告》\n二〇〇九年九月二十四日',
      title: null, docNumber: null, issuers: [], signed: '2009-09-24',
    },
    {
      name: 'page heading above the title, chrome under it (h032)',
      text: '中国工业大奖申报及推荐\n关于认真做好第六届“中国工业大奖”申报推荐工作的通知\n发布时间:2019-10-11      来源:\n各相关企业:\n现将有关事项通知如下。',
      title: '关于认真做好第六届“中国工业大奖”申报推荐工作的通知', docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'a page note in brackets after the 文种 is dropped (h027)',
      text: '关于申报 2022 年全国科普日山东主场分活动的通知(截止时间:8月8日)\n发布时间:2022-07-28浏览量:2099\n各二级学院:\n请务必积极上报。',
      title: '关于申报2022年全国科普日山东主场分活动的通知', docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'a bracket that belongs to the title is kept (g014)',
      text: '“土壤健康与农业可持续发展”博士生论坛【征文】通知（第一轮）\n土壤作为维持植物、动物和人类生存的重要生命生态系统。',
      title: '“土壤健康与农业可持续发展”博士生论坛【征文】通知（第一轮）', docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'title printed twice with the red head of the page copy between (h003)',
      text: '新乡市科学技术局关于组织开展2013年度全市科普统计工作的通知\n\n新科〔2014〕29号\n\n 新乡市科学技术局\n\n关于组织开展2013年度全市科普统计工作的通知\n\n各市直有关部门,县(市)、区科技管理部门:\n科普统计是国家科技统计的重要组成部分。',
      title: '新乡市科学技术局关于组织开展2013年度全市科普统计工作的通知', docNumber: '新科〔2014〕29号', issuers: ['新乡市科学技术局'], signed: null,
    },
    {
      name: '文号 in brackets under the title (h013)',
      text: '中国科学技术协会关于开展2007年全国科普日活动总结工作的通知\n(科协普发综字[2007]57号)\n各有关全国学会、协会、研究会科普部(普委会):\n请各有关单位认真总结。',
      title: '中国科学技术协会关于开展2007年全国科普日活动总结工作的通知', docNumber: '科协普发综字〔2007〕57号', issuers: ['中国科学技术协会'], signed: null,
    },
    {
      name: '文号 under page chrome (h017)',
      text: '科技部基础研究司关于国家重点实验室在2022年全国科技活动周期间开展公众开放活动的通知\n\n来源:渭南市科学技术局 发布时间:2022-05-11 12:22\n\n国科基函〔2022〕29号\n\n各国家重点实验室:\n特此通知。',
      title: '科技部基础研究司关于国家重点实验室在2022年全国科技活动周期间开展公众开放活动的通知', docNumber: '国科基函〔2022〕29号', issuers: ['科技部基础研究司'], signed: null,
    },
    {
      name: 'the red head organ above the title is not part of it; the department signs (g026)',
      text: ' 台州市教育局\n\n关于组织对申报中学高级对象进行教学水平考核的通知\n\n各县（市、区）教育局人事科、市直中小学（单位）：\n五、请各县、市、区教育局（分局）及时通知有关对象。\n\n                                                                             台州市教育局人事处\n\n                                                                                 二0一一年十月十七日',
      title: '关于组织对申报中学高级对象进行教学水平考核的通知', docNumber: null, issuers: ['台州市教育局人事处'], signed: '2011-10-17',
    },
    {
      name: 'an organ name with 和 is one organ (h029)',
      text: '吉林省工业和信息化厅关于开展专业类国家应急产业示范基地申报工作的通知\n各市(州)工信局:\n请按照通知要求积极组织申报。\n吉林省工业和信息化厅\n2015年9月1日',
      title: '吉林省工业和信息化厅关于开展专业类国家应急产业示范基地申报工作的通知', docNumber: null, issuers: ['吉林省工业和信息化厅'], signed: '2015-09-01',
    },
    {
      name: 'a title without 关于 is the first line after page chrome; 组织部 is an organ word',
      text: '发布时间：2023-05-01 浏览量：12\n淄博市科技局2023年度科普项目申报通知\n各区县科技局：\n请按时申报。\n中共淄博市委组织部\n2023年5月1日',
      title: '淄博市科技局2023年度科普项目申报通知', docNumber: null, issuers: ['中共淄博市委组织部'], signed: '2023-05-01',
    },
    {
      name: 'a bracketed part of the 代字; day-first timestamp and 本文来源 are chrome (n102)',
      text: '关于召开2016年全国农机推广站长会的预备通知\n02.08.2016 20:04\n本文来源: 农业机械化信息网\n农机推(办)发〔2016〕79号\n各省、自治区、直辖市及计划单列市农机推广站:\n现将有关事宜通知如下:',
      title: '关于召开2016年全国农机推广站长会的预备通知', docNumber: '农机推(办)发〔2016〕79号', issuers: [], signed: null,
    },
    {
      name: '文号 printed after the title on its line (n103)',
      text: '关于召开2016年全省现代高效农业示范园区建设推进会议的通知  黔农园办发〔2016〕11号\n\n发布时间:   字体: 打印本页 关闭本页   \n\n各市、自治州人民政府,省直各有关单位:\n有关事项通知如下:',
      title: '关于召开2016年全省现代高效农业示范园区建设推进会议的通知', docNumber: '黔农园办发〔2016〕11号', issuers: [], signed: null,
    },
    {
      name: '文号 before the title, a law site note after it, the title again under the chrome (n139)',
      text: '鲁国税发[2004]34号 山东省国家税务局 山东省地方税务局关于印发《山东省国家税务局山东省地方税务局纳税信用等级评定管理实施办法(试行)》的通知[全文废止]\n\n来源:税屋 作者:税屋 人气: 时间:2004-03-12\n\n山东省国家税务局 山东省地方税务局关于印发《山东省国家税务局山东省地方税务局纳税信用等级评定管理实施办法(试行)》的通知[全文废止]\n\n鲁国税发[2004]34号        2004-03-12\n\n各市国家税务局、地方税务局:\n为加快我省税收信用体系建设。',
      title: '山东省国家税务局山东省地方税务局关于印发《山东省国家税务局山东省地方税务局纳税信用等级评定管理实施办法(试行)》的通知', docNumber: '鲁国税发〔2004〕34号', issuers: ['山东省国家税务局', '山东省地方税务局'], signed: null,
    },
    {
      name: 'disclosure metadata: label on one line, value on the next (n137)',
      text: '十堰市人民政府第五次全国经济普查领导小组办公室关于印发《十堰市第五次全国经济普查实施办法》的通知\n索引号\n011080691/2023-70749\n主题分类\n统计\n发文日期\n2023年09月03日 16:25:00\n发布机构\n十堰市人民政府第五次全国经济普查领导小组办公室\n文号\n十经普办文〔2023〕9号\n各县(市、区)人民政府第五次全国经济普查领导小组办公室:\n现印发给你们。',
      title: '十堰市人民政府第五次全国经济普查领导小组办公室关于印发《十堰市第五次全国经济普查实施办法》的通知', docNumber: '十经普办文〔2023〕9号', issuers: ['十堰市人民政府第五次全国经济普查领导小组办公室'], signed: null,
    },
    {
      name: 'disclosure metadata as label: value pairs, 发文标题 labels the title (n140, n145)',
      text: '发文标题: 广西壮族自治区国家税务局自治区地方税务局关于明确纳税信用等级评定管理有关问题的通知\n发文文号: 桂国税发[2007]256号\n发文部门: 广西壮族自治区国家税务局\n发文时间: 2007-9-13\n阅读人次: 3450\n发文内容:\n各市、县(区)国家税务局、地方税务局:\n现就有关事项通知如下。',
      title: '广西壮族自治区国家税务局自治区地方税务局关于明确纳税信用等级评定管理有关问题的通知', docNumber: '桂国税发〔2007〕256号', issuers: ['广西壮族自治区国家税务局', '自治区地方税务局'], signed: null,
    },
    {
      name: '【label】 metadata under the title; a chrome line ending in a colon does not end the head (n143)',
      text: '来源: 类型:\n\n商务部办公厅关于做好2013年商务部引导支持展会申报推荐工作的通知\n\n【发布单位】商务部办公厅\n【发布文号】商办服贸函[2013]3号\n【发布日期】2013-01-05\n\n国务院各部门办公厅,各中央企业:\n现就有关事项通知如下。',
      title: '商务部办公厅关于做好2013年商务部引导支持展会申报推荐工作的通知', docNumber: '商办服贸函〔2013〕3号', issuers: ['商务部办公厅'], signed: null,
    },
    {
      name: 'metadata pairs above the title; with no signature in this cut, the page\'s 发布机构 is the issuer (n145)',
      text: '索引号: 1133048300255845A/2021-111888 发布机构: 市水利局\n公开方式: 主动公开 发文日期: 2021-04-12\n组配分类: 部门及镇、街道文件 文件编号: 桐水〔2021〕27号\n关于建立汛期水旱灾害防御值班制度的通知\n\n发布时间:2021-04-12  11:24 来源:市水利局 浏览次数: 打印\n\n各科室、局属各单位:\n现将有关事项明确如下。',
      title: '关于建立汛期水旱灾害防御值班制度的通知', docNumber: '桐水〔2021〕27号', issuers: ['市水利局'], signed: null,
    },
    {
      name: 'a page heading gives way to the notice\'s own title under the chrome (n215)',
      text: '第八届“天地杯”作文竞赛的通知\n\n  发布时间:2016-04-07 14:40 栏目:教育信息化 来源:麻城市教育局   作者:   点击量:178  \n\n关于组织开展第八届“天地杯”中小学生\n\n作文竞赛麻城赛区竞赛活动的通知\n\n各中小学:\n现将有关事项通知如下。',
      title: '关于组织开展第八届“天地杯”中小学生作文竞赛麻城赛区竞赛活动的通知', docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'a page heading with a part number over the title and its bracketed 文号 (n127)',
      text: '农业部关于印发2010年财政项目指南的通知(一)\n\n农业部关于印发2010年财政项目指南的通知\n(农财发[2009]137号)\n\n各省、自治区、直辖市农业厅(局、委、办):\n现将项目指南印发给你们。',
      title: '农业部关于印发2010年财政项目指南的通知', docNumber: '农财发〔2009〕137号', issuers: ['农业部'], signed: null,
    },
    {
      name: 'the organ named by the heading of a forwarding notice stays in its title (n113)',
      text: '安康市教育局转发省教育厅《关于命名陕西省首批乡村教师专业发展示范校和示范坊的通知》\n发布时间:2017-09-13 17:53作者:\n安康市教育局\n转发省教育厅《关于命名\n陕西省首批乡村教师专业发展\n示范校和示范坊的通知》\n各县区教体局、高新区文教体局:\n现转发给你们。',
      title: '安康市教育局转发省教育厅《关于命名陕西省首批乡村教师专业发展示范校和示范坊的通知》', docNumber: null, issuers: ['安康市教育局'], signed: null,
    },
    {
      name: 'a red head line with 文件 is not part of the title (n147)',
      text: '北京市朝阳区卫生局文件\n北京市朝阳区卫生局关于组织开展2013年\n世界卫生日主题活动的通知\n各相关单位:\n现将有关事项通知如下。',
      title: '北京市朝阳区卫生局关于组织开展2013年世界卫生日主题活动的通知', docNumber: null, issuers: ['北京市朝阳区卫生局'], signed: null,
    },
    {
      name: 'an advertiser and its link before the title on its line (n146)',
      text: '沈阳白癜风医院 http://baidianfeng.39.net/西平县防汛抗早指挥部关于加强小洪河堤防值守的通知\n各乡镇(街道)、县直有关单位:\n现通知如下。',
      title: '西平县防汛抗早指挥部关于加强小洪河堤防值守的通知', docNumber: null, issuers: ['西平县防汛抗早指挥部'], signed: null,
    },
    {
      name: 'traditional characters: 關于, 協會, 號, 來源 (n212)',
      text: '    中國教育裝備行業協會關于換發2022年會員證書及會費交納的通知\n\n    來源:中國教育裝備行業協會發布日期:2021-12-03瀏覽人數:5562\n\n      中教協文〔2021〕25號\n\n    各有關單位:\n現就有關事項通知如下。',
      title: '中國教育裝備行業協會關于換發2022年會員證書及會費交納的通知', docNumber: '中教協文〔2021〕25號', issuers: ['中國教育裝備行業協會'], signed: null,
    },
    {
      name: 'year before the bracket (n205)',
      text: '湖南省茶叶学会\n湘茶学会2013【5】号\n关于2013年学术年会改期召开的紧急通知\n各市(州)茶叶学(协)会、各理事单位、各位理事:\n现将有关事项通知如下。',
      title: '关于2013年学术年会改期召开的紧急通知', docNumber: '湘茶学会2013〔5〕号', issuers: ['湖南省茶叶学会'], signed: null,
    },
    {
      name: 'the organs before 转发 in the title issue the notice (n124, n123)',
      text: '浙江省安全生产委员会办公室转发国务院安委办关于开展安全生产大检查的通知\n各市安委办:\n现转发给你们。',
      title: '浙江省安全生产委员会办公室转发国务院安委办关于开展安全生产大检查的通知', docNumber: null, issuers: ['浙江省安全生产委员会办公室'], signed: null,
    },
    {
      name: 'no date or signature under the text: 成文日期 and 发布机构 of the page metadata (n144)',
      text: '索引号 | 113325000026452750/2025-40916 | 文号 | 丽商务〔2025〕17号 |\n组配分类 | 部门文件 | 发布机构 | 丽水市商务局 |\n成文日期 | 2025-02-25 | 公开方式 | 主动公开 |\n各县(市)经济商务局(经济商务科技局)、莲都区商务局,丽水经开区经济发展部,市直外贸企业:\n根据浙江省交易团《关于第137届广交会组展工作的通知》(春广交浙团〔2025〕6号),现就有关事项通知如下:\n2025年5月6日—9月15日,进入线上平台常态化运营',
      title: null, docNumber: '丽商务〔2025〕17号', issuers: ['丽水市商务局'], signed: '2025-02-25',
    },
    {
      name: 'metadata as label lines: the page\'s 发文日期 is no 成文日期 (n137)',
      text: '索引号\n011080691/2023-70749\n发文日期\n2023年09月03日 16:25:00\n发布机构\n十堰市统计局\n各县市区:\n现将有关事项通知如下。',
      title: null, docNumber: null, issuers: ['十堰市统计局'], signed: null,
    },
    {
      name: 'an organ line between the 文号 and a 关于 title is the title\'s first line (n130)',
      text: '关于报送“世界计量日”期间拟开放计量实验室相关信息的通知\n发布时间:2022-04-08 11:00:35\n陕市监发〔2022〕108 号\n陕西省市场监督管理局\n关于报送“世界计量日”期间\n拟开放计量实验室相关信息的通知\n各设区市、韩城市、杨凌示范区市场监管局,省计量科学研究院:\n现将有关事项通知如下。',
      title: '陕西省市场监督管理局关于报送“世界计量日”期间拟开放计量实验室相关信息的通知', docNumber: '陕市监发〔2022〕108号', issuers: ['陕西省市场监督管理局'], signed: null,
    },
    {
      name: 'the red head above the 文号 stays out of the title',
      text: '陕西省市场监督管理局\n陕市监发〔2022〕108 号\n关于报送“世界计量日”期间拟开放计量实验室相关信息的通知\n各设区市市场监管局:\n现将有关事项通知如下。',
      title: '关于报送“世界计量日”期间拟开放计量实验室相关信息的通知', docNumber: '陕市监发〔2022〕108号', issuers: ['陕西省市场监督管理局'], signed: null,
    },
    {
      name: 'a heading with no 文种 over the text is the title (n230)',
      text: '2018上期麻山中学政治知识竞赛\n为丰富学生的校园文化生活,提高学生学习政治的兴趣和积极性,根据市教育局有关学科竞赛的文件精神,我校决定举行高中政治知识竞赛。\n一, 竞赛时间;2018年5月24日星期四下午第三节',
      title: '2018上期麻山中学政治知识竞赛', docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'a forum post line, then a heading with no 文种 (n234)',
      text: '学习再学习 发表于 2022-1-29 15:45:08\n\n“红色新晃·文化侗乡”主题征文活动\n\n为了重温党的光荣历史,弘扬党的优良传统,新晃侗族自治县文化馆特举办“红色新晃·文化侗乡”主题征文活动。',
      title: '“红色新晃·文化侗乡”主题征文活动', docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'page chrome with pinyin glosses is no title (n218)',
      text: '發(fā)布時間:2022年12月08日來源:中國化學會\n各有關(guān)單位:\n請根據(jù)申報表(附件1)填報。',
      title: null, docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'a heading that names no notice or activity is no title (a shopping list)',
      text: '周末买菜清单\n西红柿两斤，鸡蛋一盒。\n记得带购物袋。',
      title: null, docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'a short line that is a date, a label or an organ is no heading title',
      text: '湖北省青少年科技中心\n现将有关事项通知如下:\n一、活动内容',
      title: null, docNumber: null, issuers: ['湖北省青少年科技中心'], signed: null,
    },
    {
      name: 'no signature or red head: the organ a title without 关于 opens with issues it (n220)',
      text: '湖北省肿瘤医院2023年度公开招聘合同制人员公告\n\n发布时间:2023-07-19 浏览:51791次 来源:湖北省肿瘤医院 人力资源部\n\n    因工作需要,2023年我院拟公开招聘一批合同制人员。具体要求如下。',
      title: '湖北省肿瘤医院2023年度公开招聘合同制人员公告', docNumber: null, issuers: ['湖北省肿瘤医院'], signed: null,
    },
    {
      name: 'a title without 关于 that opens with no organ names none',
      text: '大学生创新创业训练计划项目申报通知\n各学院:\n现将有关事项通知如下。',
      title: '大学生创新创业训练计划项目申报通知', docNumber: null, issuers: [], signed: null,
    },
    {
      name: 'a page that ran the notice into one line: title, 主送, text and date (n118)',
      text: '关于举办除“四害”知识培训班的通知县直各部门:为进一步,做好全县除“四害”防病工作,县爱卫办决定,举办除“四害”知识培训班,具体事宜如下:一、时间。定于5月6日上午8时开班。4、对违反要求的个人,县爱卫办将建议所在单位给予相应处理。二〇一一年五月十七日',
      title: '关于举办除“四害”知识培训班的通知', docNumber: null, issuers: [], signed: '2011-05-17',
    },
  ])('$name', async ({ text, title, docNumber, issuers, signed }) => {
    const r = recordFromDoc(await docOf(text), { keywords: false });
    expect([r.title, r.docNumber, r.issuers, r.signedDate]).toEqual([title, docNumber, issuers, signed]);
  });
});

describe('closing', () => {
  it.each([
    {
      name: 'a department signs, the 附件 list stands before it (h015)',
      text: '全院各单位:\n请各活动举办单位及时提供活动进展成果信息。\n3.联系人:桂老师,联系电话:6182009。\n附件:\n闽科协普〔2024〕20号福建省科协等21部门关于举办福建省2024年全国科普日活动的通知.pdf\n科研部\n2024年9月2日',
      issuers: ['科研部'], signed: '2024-09-02', notes: ['闽科协普〔2024〕20号福建省科协等21部门关于举办福建省2024年全国科普日活动的通知'],
    },
    {
      name: 'five offices on one line (h023)',
      text: '全体师生:\n我校联合举办书画摄影展览。\n工会、团委、离退休工作处、宣传部、教师工作部\n2022年10月13日',
      issuers: ['工会', '团委', '离退休工作处', '宣传部', '教师工作部'], signed: '2022-10-13', notes: [],
    },
    {
      name: 'three organs on three lines, the form after (h014)',
      text: '请各地各部门于4月15日前报送。\n附件:2007年科技活动周活动项目备案表\n科学技术部\n中共中央宣传部\n中国科协\n二OO七年三月二十七日\n附件:\n2007年科技活动周活动项目备案表\n项目名称 | |\n主办单位 | | 主管部门 | |',
      issuers: ['科学技术部', '中共中央宣传部', '中国科协'], signed: '2007-03-27', notes: ['2007年科技活动周活动项目备案表'],
    },
    {
      name: 'a parent organ over its departments signs for each (h011)',
      text: '各省、自治区、直辖市新闻出版局:\n请你单位严格按照推荐条件推荐。\n附件:《关于开展第九届中国青年科技奖候选人推荐与评先工作的通知》\n新闻出版总署\n人事教育司\n科技发展司\n二零零五年十二月五日',
      issuers: ['新闻出版总署人事教育司', '新闻出版总署科技发展司'], signed: '2005-12-05', notes: ['关于开展第九届中国青年科技奖候选人推荐与评先工作的通知'],
    },
    {
      name: 'the 附件 list and 供稿人 after the date (h007, h010)',
      text: '各团总支:\n请于4月8日前发送至邮箱。\n共青团蚌埠学院委员会\n2019年4月2日\n附件:\n1.\n蚌埠学院第三届成语大赛赛制及规则.docx\n2.\n蚌埠学院第三届成语大赛报名表.docx\n供稿人:学会学术部',
      issuers: ['共青团蚌埠学院委员会'], signed: '2019-04-02', notes: ['蚌埠学院第三届成语大赛赛制及规则', '蚌埠学院第三届成语大赛报名表'],
    },
    {
      name: 'signature, date and contacts run together on one line (h009)',
      text: '关于组织观摩县区科技工作的预通知\n各县区科技局: 请于9月30日前上报。 特此通知。\n                  驻马店市科技局   二○一○年九月二十五日   联系人:张 莉 韩 风  电 话:2813061',
      issuers: ['驻马店市科技局'], signed: '2010-09-25', notes: [],
    },
    {
      name: 'signature and date between runs of ? (h017)',
      text: '关于开展公众开放活动的通知\n各国家重点实验室:\n特此通知。\n  ? ? ? ? ? ? ? ?科技部基础研究司 ? ? ? ? ? ? ? 2022年5月6日(此件主动公开)',
      issuers: ['科技部基础研究司'], signed: '2022-05-06', notes: [],
    },
    {
      name: 'no signature: the 印发机关 of the 版记 is taken, with an issue (h012)',
      text: '中印协办字〔2014〕44 号\n各省区、市印刷协会、各分支机构、各会员单位和相关单位:\n请各单位认真组织评选和推荐。\n附件:\n1. 中国科协关于开展第六届全国优秀科技工作者推荐评选工作的通知\n2. 全国优秀科技工作者推荐表\n二○一四年五月三十日\n主题词:转发 全国优秀科技工作者 推荐评选 通知\n中国印刷技术协会 2014年5月30日印发',
      issuers: ['中国印刷技术协会'], signed: '2014-05-30', notes: ['中国科协关于开展第六届全国优秀科技工作者推荐评选工作的通知', '全国优秀科技工作者推荐表'],
    },
    {
      name: 'a date in figures under the signature (n217, n250)',
      text: '各学院:\n请各部门认真将学校文件精神传达至全体教职工。\n研究生处\n2015-11-5',
      issuers: ['研究生处'], signed: '2015-11-05', notes: [],
    },
    {
      name: 'a dotted date under a society (n250)',
      text: '各会员单位:\n参考网站:http://www.sta.gd.cn/n4810c14.aspx\n广东省自动化学会\n2010.10.8',
      issuers: ['广东省自动化学会'], signed: '2010-10-08', notes: [],
    },
    {
      name: 'two organs pushed right, the date run together in figures (n206)',
      text: '各位同学:\n欢迎大家踊跃报名。\n                                                                                                            共青团中南财经政法大学委员会\n                                                                                                             中南财经政法大学志愿者协会\n                                                                       20211116',
      issuers: ['共青团中南财经政法大学委员会', '中南财经政法大学志愿者协会'], signed: '2021-11-16', notes: [],
    },
    {
      name: 'a 人大主席团 signs; 审核人 after the date is page chrome (n216)',
      text: '各村:\n请认真做好相关工作。\n花庄镇人大主席团\n2020年8月27日\n审核人:岑杰',
      issuers: ['花庄镇人大主席团'], signed: '2020-08-27', notes: [],
    },
    {
      name: 'a merged office prints its second kind in brackets (n201)',
      text: '各学院:\n请按时报送。\n党委学生工作部(处)\n2023年9月1日',
      issuers: ['党委学生工作部(处)'], signed: '2023-09-01', notes: [],
    },
    {
      name: 'a department signs with pinyin glosses after its characters (n222)',
      text: '各學(xué)院(研究院):\n5.如有未盡事宜,請與科學(xué)技術(shù)處聯(lián)系;聯(lián)系人:王懷英 電話: 89739013。\n科學(xué)技術(shù)處\n2014年6月3日',
      issuers: ['科學技術處'], signed: '2014-06-03', notes: [],
    },
    {
      name: 'a signature with no date closes the notice (n222)',
      text: '各學(xué)院(研究院):\n4.各推薦主體截止時間和要求將視情況另行通知。\n5.如有未盡事宜,請與科學(xué)技術(shù)處聯(lián)系;聯(lián)系人:王懷英 電話: 89739013。\n科學(xué)技術(shù)處',
      issuers: ['科學技術處'], signed: null, notes: [],
    },
    {
      name: 'a group of a named organ signs, its date in figures under it (n232)',
      text: '各辖市区教研室、中语会、各直属中学教导处并语文组:\n4、决赛时间和地点另行通知。\n常州市教育教研室中语组\n2007912',
      issuers: ['常州市教育教研室中语组'], signed: '2007-09-12', notes: [],
    },
    {
      name: 'a page-chrome label with its value on the next line follows the date (n122)',
      text: '关于召开四川省第六次民族团结进步表彰大会的预通知\n各市(州)民宗委:\n(七)会议确切时间以省委、省政府办公厅正式通知为准。\n二〇一一年九月二十九日\n责任编辑:\n雷晓琦',
      issuers: [], signed: '2011-09-29', notes: [],
    },
  ])('$name', async ({ text, issuers, signed, notes }) => {
    const doc = await docOf(text);
    const r = recordFromDoc(doc, { keywords: false });
    expect([r.issuers, r.signedDate]).toEqual([issuers, signed]);
    expect(texts(segment(doc).attachmentNotes)).toEqual(notes);
  });

  it('a one-line page keeps its text for the periods though its date closes the line (n118)', async () => {
    const r = recordFromDoc(
      await docOf('关于举办除“四害”知识培训班的通知县直各部门:为进一步做好全县除“四害”防病工作,县爱卫办决定,举办除“四害”知识培训班,具体事宜如下:一、时间。定于5月6日上午8时开班。二、参加人员。各社区负责除“四害”工作人员。三、授课地点。县疾病中心会议室。二〇一一年五月十七日'),
      { keywords: false },
    );
    expect([r.signedDate, r.eventPeriods.map((p) => [p.start, p.end])]).toEqual(['2011-05-17', [['2011-05-06', '2011-05-06']]]);
  });

  it('an issuer read from the signature only is flagged for review', async () => {
    const r = recordFromDoc(await docOf('全院各单位:\n请按时报送。\n科研部\n2024年9月2日'), { keywords: false });
    expect(r.issues.map((i) => i.code)).toContain('issuers_from_signature');
  });

  it('a forwarded notice printed in full keeps its own signature and date (g028)', async () => {
    const text = [
      '转发《关于组织申报高层次创业创新人才人选工作的通知》',
      '各有关学校：',
      '现将中共温岭市委人才工作领导小组办公室《关于组织申报高层次创业创新人才人选工作的通知》转发给你们，请在11月19日前报人事科。',
      '附：',
      '关于组织申报高层次创业创新人才人选工作的通知',
      '温人才办〔2011〕3号',
      '各镇党委，街道党工委，市级各有关单位：',
      '现就有关事项通知如下。',
      '附件：',
      '1、温岭市高层次创业创新人才申报书',
      '2、温岭市高层次创业创新人才认定表',
      '中共温岭市委人才工作领导小组办公室',
      '2011年10月18日',
    ].join('\n');
    const r = recordFromDoc(await docOf(text), { keywords: false });
    expect([r.title, r.docNumber, r.issuers, r.signedDate]).toEqual(['转发《关于组织申报高层次创业创新人才人选工作的通知》', null, [], null]);
    expect(r.references.map((x) => x.docNumber)).toContain('温人才办〔2011〕3号');
    expect(r.attachments.map((a) => a.title)).toEqual(['温岭市高层次创业创新人才申报书', '温岭市高层次创业创新人才认定表']);
  });
});

describe('numericDate (dates in figures under a signature)', () => {
  it.each([
    ['2015-11-5', '2015年11月5日'],
    ['2015.10.16', '2015年10月16日'],
    ['20211116', '2021年11月16日'],
    ['2007912', '2007年9月12日'],
    ['2007112', null],
    ['2015.13.1', null],
    ['0473-2039147', null],
  ])('%s → %s', (text, date) => {
    expect(numericDate(text)).toBe(date);
  });
});
