/**
 * @module extract/traditional
 * Notices copied from Hong Kong, Taiwan or old-style county sites print the contact part in
 * traditional characters (`聯繫人:侯國濤`, `電話:3370339`, `黃 健`). Contact labels, surnames, titles
 * and office endings are matched in simplified form; this folds the traditional forms of just those
 * characters, one for one, so that offsets into the printed text hold and names stay as printed.
 */

const PAIRS =
  // labels and headings
  '聯联繫系係系電电話话郵邮傳传號号碼码諮咨詢询辦办術术務务報报統统臺台綜综機机編编訊讯絡络單单門门負负責责稱称線线網网熱热' +
  // surnames
  '楊杨黃黄陳陈劉刘張张趙赵吳吴鄭郑謝谢羅罗馬马孫孙許许鄧邓馮冯韓韩蕭萧葉叶蘇苏呂吕盧卢蔣蒋賈贾鍾钟鐘钟錢钱譚谭陸陆' +
  '範范賀贺顧顾龔龚萬万嚴严賴赖鄒邹龍龙湯汤溫温莊庄聶聂魯鲁嶽岳閻阎餘余韋韦齊齐喬乔龐庞顏颜歐欧關关蘭兰寧宁紀纪畢毕' +
  '塗涂駱骆藍蓝遊游鮑鲍華华饒饶陽阳時时農农繆缪簡简車车項项連连蘆芦麥麦婁娄竇窦黨党宮宫費费衛卫應应閔闵鄔邬邊边' +
  '師师欒栾榮荣叢丛鞏巩遲迟鄺邝談谈荊荆樂乐儲储勞劳諶谌藺蔺樓楼滿满聞闻厲厉區区闞阚權权強强帥帅蓋盖練练豐丰國国' +
  '晉晋雲云烏乌況况鮮鲜諸诸銀银賓宾堯尧東东孫孙長长軒轩轅辕離离獨独遲迟' +
  // titles and office endings
  '師师長长經经書书總总處处廳厅會会協协組组隊队館馆團团學学員员';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) MAP.set(PAIRS[i] as string, PAIRS[i + 1] as string);

/** The simplified form of the contact-relevant characters of `s`, one character for one. */
export function simplify(s: string): string {
  let out = '';
  for (const c of s) out += MAP.get(c) ?? c;
  return out;
}
