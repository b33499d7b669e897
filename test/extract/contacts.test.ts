/**
 * Table-driven tests of extract/contacts: contact blocks as printed in real notices (seed
 * samples 002–004 and common real-world forms), names, phone normalisation, stray emails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/document.js';
import { extractContacts, splitNames } from '../../src/extract/contacts.js';
import { namedRecipients } from '../../src/extract/named-recipients.js';
import { normalizePhone } from '../../src/extract/phone-numbers.js';
import { readBytes } from '../../src/readers/index.js';

const docOf = (text: string): Promise<Doc> => readBytes(new TextEncoder().encode(text), 'x.txt');
const sampleDoc = (name: string): Promise<Doc> => readBytes(new Uint8Array(readFileSync(new URL(`../../samples/${name}.txt`, import.meta.url))), `${name}.txt`);

type Expected = { name: string | null; org?: string | null; phones?: string[]; faxes?: string[]; emails?: string[]; address?: string | null; postcode?: string | null };

const contactsOf = async (text: string): Promise<Array<Record<string, unknown>>> => {
  const doc = await docOf(text);
  const contacts = extractContacts(doc);
  for (const c of contacts) expect(doc.text.slice(c.evidence.start, c.evidence.end)).toBe(c.evidence.quote);
  return contacts.map(({ evidence: _e, ...c }) => c);
};

describe('extractContacts: contact blocks', () => {
  it.each<{ name: string; text: string; contacts: Expected[] }>([
    {
      name: 'two names, two phones paired by position; the second phone as printed, without an area code (seed 003)',
      text: '联系人：杨启明、王菲菲\n联系电话：010-58881428、58881429\n邮 箱：kjhdz@most.cn\n地 址：北京市海淀区复兴路乙15号\n邮 编：100862',
      contacts: [
        { name: '杨启明', phones: ['010-58881428'], emails: ['kjhdz@most.cn'], address: '北京市海淀区复兴路乙15号', postcode: '100862' },
        { name: '王菲菲', phones: ['58881429'], emails: ['kjhdz@most.cn'], address: '北京市海淀区复兴路乙15号', postcode: '100862' },
      ],
    },
    {
      name: 'names split by a blank; (010) phone; fax; postcode in the address (seed 004)',
      text: '联系人：兰雪滢 孟令耘\n联系电话：(010) 68574158\n传 真：(010) 68572088\n电子邮箱：xuanchuanchu@cast.org.cn\n地 址：北京市海淀区复兴路3号（100863）',
      contacts: [
        { name: '兰雪滢', phones: ['010-68574158'], faxes: ['010-68572088'], emails: ['xuanchuanchu@cast.org.cn'], address: '北京市海淀区复兴路3号', postcode: '100863' },
        { name: '孟令耘', phones: ['010-68574158'], faxes: ['010-68572088'], emails: ['xuanchuanchu@cast.org.cn'], address: '北京市海淀区复兴路3号', postcode: '100863' },
      ],
    },
    {
      name: 'local numbers without area code, paired (seed 002)',
      text: '联系人：栗英轩、李杨\n联系电话：55577988、88827919\n邮寄地址：海淀区阜成路73号裕惠大厦C座1020房间\n电子邮件：41236560@qq.com',
      contacts: [
        { name: '栗英轩', phones: ['55577988'], emails: ['41236560@qq.com'], address: '海淀区阜成路73号裕惠大厦C座1020房间' },
        { name: '李杨', phones: ['88827919'], emails: ['41236560@qq.com'], address: '海淀区阜成路73号裕惠大厦C座1020房间' },
      ],
    },
    {
      name: 'name and mobile on one line',
      text: '联系人：张工，电话：13812345678',
      contacts: [{ name: '张工', phones: ['13812345678'] }],
    },
    {
      name: 'name, phone and email run in one sentence',
      text: '联系人：王老师，联系电话：0533-2181234，邮箱：zdjy@163.com。',
      contacts: [{ name: '王老师', phones: ['0533-2181234'], emails: ['zdjy@163.com'] }],
    },
    {
      name: 'phone in brackets after the name, valid local number',
      text: '联系人：李老师（0533-2181234）',
      contacts: [{ name: '李老师', phones: ['0533-2181234'] }],
    },
    {
      name: '联系人及电话 label',
      text: '联系人及电话：王老师 0533-2181234',
      contacts: [{ name: '王老师', phones: ['0533-2181234'] }],
    },
    {
      name: 'full-width hyphen in the phone',
      text: '联系人：王明  联系电话：0533－2181234',
      contacts: [{ name: '王明', phones: ['0533-2181234'] }],
    },
    {
      name: 'a phone label without a name gives a contact without a name',
      text: '咨询电话：0533-2181234',
      contacts: [{ name: null, phones: ['0533-2181234'] }],
    },
    {
      name: 'one phone shared by two names is given to both',
      text: '联系人：杨启明 王菲菲\n联系电话：010-58884242\n传真：010-58884208',
      contacts: [
        { name: '杨启明', phones: ['010-58884242'], faxes: ['010-58884208'] },
        { name: '王菲菲', phones: ['010-58884242'], faxes: ['010-58884208'] },
      ],
    },
  ])('$name', async ({ text, contacts }) => {
    const got = await contactsOf(text);
    expect(got).toHaveLength(contacts.length);
    contacts.forEach((c, i) => expect(got[i]).toMatchObject(c));
  });

  // BUG: a number inside the brackets after the name is dropped when its local part starts with 1.
  // The module's own rule says "inside a labelled value any 7–8 digit number is a phone", but
  // LOCAL requires a first digit 2-9. Input from the brief: `联系人：李老师（0533-1234567）`.
  it('phone in brackets after the name (brief form 0533-1234567)', async () => {
    const got = await contactsOf('联系人：李老师（0533-1234567）');
    expect(got).toEqual([expect.objectContaining({ name: '李老师', phones: ['0533-1234567'] })]);
  });
});

describe('extractContacts: organisations and stray addresses', () => {
  it('two blocks, each headed by its organisation line (seed 004)', async () => {
    const contacts = extractContacts(await sampleDoc('004_fa0b0f09862d8143'));
    expect(contacts.map((c) => [c.org, c.name, c.phones, c.faxes, c.emails, c.address, c.postcode])).toEqual([
      ['中国科协宣传文化部', '兰雪滢', ['010-68574158'], ['010-68572088'], ['xuanchuanchu@cast.org.cn'], '北京市海淀区复兴路3号', '100863'],
      ['中国科协宣传文化部', '孟令耘', ['010-68574158'], ['010-68572088'], ['xuanchuanchu@cast.org.cn'], '北京市海淀区复兴路3号', '100863'],
      ['科技部人才与科普司', '杨启明', ['010-58884242'], ['010-58884208'], ['kjhdz@most.cn'], '北京市西城区文兴东街 1 号国谊宾馆北楼1323 房间', '100044'],
      ['科技部人才与科普司', '王菲菲', ['010-58884242'], ['010-58884208'], ['kjhdz@most.cn'], '北京市西城区文兴东街 1 号国谊宾馆北楼1323 房间', '100044'],
    ]);
  });

  it('a block without an organisation line before it has org null (seed 003)', async () => {
    const contacts = extractContacts(await sampleDoc('003_db71631729e5d48d'));
    expect(contacts.map((c) => [c.name, c.org])).toEqual([
      ['杨启明', null],
      ['王菲菲', null],
    ]);
  });

  it.each([
    { name: 'email in a sentence (brief form)', text: '如有疑问请发送邮件至abc@example.com咨询。', emails: ['abc@example.com'], phones: [] },
    { name: 'labelled email line after the body (seed 001)', text: '于6月12日前报送市科技局人才与成果科。\n\n电子邮箱：zbkjjrcycgk@zb.shandong.cn ', emails: ['zbkjjrcycgk@zb.shandong.cn'], phones: [] },
    { name: 'email with a trailing blank before 。 (seed 000)', text: '注：附件3提交截止日期和邮箱：2023年6月15日前提交邮箱Lsh@cis.org.cn 。', emails: ['Lsh@cis.org.cn'], phones: [] },
  ])('$name yields a contact with name null', async ({ text, emails, phones }) => {
    const got = await contactsOf(text);
    expect(got).toEqual([{ name: null, org: null, phones, faxes: [], emails, address: null, postcode: null }]);
  });

  it('a person named in the sentence of a phone is that phone\'s contact', async () => {
    expect(await contactsOf('如有疑问，请联系政教处王老师，电话13912345678。')).toEqual([
      { name: '王老师', org: '政教处', phones: ['13912345678'], faxes: [], emails: [], address: null, postcode: null },
    ]);
  });

  it('a year or a 文号 in a sentence is not a phone', async () => {
    expect(await contactsOf('根据《关于举办2023年全国科技活动周的通知》（国科函才〔2023〕65号）要求，视频时长不超过3分钟。')).toEqual([]);
  });

  it('a date run together in figures on its own line under a contact is no phone (n117)', async () => {
    const got = await contactsOf('联系人:梅    8221785\n\n                          2013415\n\n目前需提交资料:');
    expect(got.flatMap((c) => c.phones as string[])).toEqual(['8221785']);
  });

  // BUG: seed 000 prints the same address in the notes under 附件2 and 附件3; each note opens its
  // own labelled block, so the record holds two identical contacts { name: null, emails: [Lsh@cis.org.cn] }.
  // Expected one contact per distinct address.
  it('the same email printed in two notes gives one contact (seed 000)', async () => {
    const contacts = extractContacts(await sampleDoc('000_fc46f2fa053bb05e'));
    expect(contacts.filter((c) => c.emails.includes('Lsh@cis.org.cn'))).toHaveLength(1);
  });
});

describe('extractContacts: real contact lines', () => {
  const names = async (text: string): Promise<unknown[]> => (await contactsOf(text)).map((c) => c.name);
  const phones = async (text: string): Promise<unknown[]> => (await contactsOf(text)).flatMap((c) => [...(c.phones as string[]), ...(c.faxes as string[])]);

  it.each([
    { why: 'letter-spaced names run together are two people', text: '驻马店市科技局   二○一○年九月二十五日   联系人:张 莉 韩 风  电 话:2813061   邮 箱:zmdskjj@163.com', names: ['张莉', '韩风'] },
    { why: 'one letter-spaced name', text: '联系人:王 晟\n电 话:010-66096933', names: ['王晟'] },
    { why: 'a spaced name then a whole one', text: '联 系 人:周 莹 熊雯娟\n电 话:027-87838744', names: ['周莹', '熊雯娟'] },
    { why: 'the office before the names is not a person', text: '联系人：规财处 彭 丹 020-83163830      司圣奇 020-83163838', names: ['彭丹', '司圣奇'] },
    { why: 'a name glued to its office', text: '联系人:大数据处符云春 028-86261398', names: ['符云春'] },
    { why: 'PDF letter spacing inside a list', text: '联系人： 张 军 伟 、 聂 小 莉 ， 电 话 ：38029239、38029263', names: ['张军伟', '聂小莉'] },
    { why: 'office and names on the line over the phone', text: '科技活动周组委会办公室联系方式:\n科技部政策体改司 许佳军 刘育新\n联系电话:010-58881781 58881717\n传 真:58881783 58881766\n中宣部宣教局 曾建立\n联系电话:010-63094459', names: ['许佳军', '刘育新', '曾建立'] },
    { why: 'office: name, phone', text: '五、联系人及联系方式\n省教育厅政策法规与行政审批处:林文平,电话:0591-87091364。\n福州市教育局:詹友捷,电话:83363148、13******828。', names: ['林文平', '詹友捷'] },
    { why: 'a full name with 老师 is the name; one person printed twice is one contact', text: '2）论坛筹备组联系方式：\n 1. 联系人\n马斌老师：13282198979\n 2. 联系邮箱\n马斌老师：bma@zju.edu.cn', names: ['马斌'] },
    { why: 'an addressee under the address is not a new person', text: '联系人：栗英轩、李杨\n联系电话：55577988、88827919\n邮寄地址：海淀区阜成路73号裕惠大厦C座1020房间\n李杨收\n电子邮件：41236560@qq.com', names: ['栗英轩', '李杨'] },
    { why: 'a 联系人 label with no colon, straight into the name', text: '(二)请各参会单位于8月27日前将交流材料提交到总站推广一处。联系人张园,电子邮箱为 [email protected] ,联系电话为01059198628或13651267168。', names: ['张园'] },
    { why: 'a name that ends like an office, alone after its label', text: '联系人:王明科,联系电话:82801830。', names: ['王明科'] },
    { why: 'a name the dictionary knows as a word, alone after its label', text: '请各市安委办于6月份开始,在每月7日前将进展情况(含纸质传真和电子版)报送至省安委办。联系人:洪亮;联系电话:0571-87052855(含传真)。', names: ['洪亮'] },
    { why: 'a surname alone after the label', text: '联系人:梅    8221785', names: ['梅'] },
    { why: 'a surname missing from the list before (赖)', text: '联 系 人:赖圣贵\n联系电话:020-83192746\n传真电话:020-83352242', names: ['赖圣贵'] },
    { why: 'traditional characters: labels, surnames, offices', text: '二、聯系方式\n市農業農村局農村合作經濟指導科 高 騰,電話:3370339;\n市農業農村局計劃財務科 黃 健,電話:3361220;\n市財政局農業科 黃倩恩,電話:3877279', names: ['高騰', '黃健', '黃倩恩'] },
    { why: 'traditional 聯繫人', text: '聯繫人:侯國濤\n二00九年二月十六日', names: ['侯國濤'] },
    { why: 'a reading printed after a character of the label', text: '5.如有未盡事宜,請與科學(xué)技術(shù)處聯(lián)系;聯(lián)系人:王懷英 電話: 89739013。', names: ['王懷英'] },
    { why: 'a second group named after the first one\'s phone', text: '筹备工作中遇到问题,请径与市经贸局(市中小企业局)联系,联系人:谢日华,电话:2210354,曾亚寿、杨国安(市中小企业服务中心),电话:2219456。', names: ['谢日华', '曾亚寿', '杨国安'] },
    { why: 'a page run into one paragraph keeps its contact heading inside it', text: '并將紙質材料一式四份報送至武進高新區經濟發展局投資管理科。 三、聯系方式 經濟發展局:楊開松 86220122 郵箱:727858553@qq.com', names: ['楊開松'] },
  ])('$why', async ({ text, names: expected }) => {
    expect(await names(text)).toEqual(expected);
  });

  it('the second group keeps its own phone and office', async () => {
    const got = await contactsOf('联系人:谢日华,电话:2210354,曾亚寿、杨国安(市中小企业服务中心),电话:2219456。');
    expect(got.map((c) => [c.name, c.org, c.phones])).toEqual([
      ['谢日华', null, ['2210354']],
      ['曾亚寿', '市中小企业服务中心', ['2219456']],
      ['杨国安', '市中小企业服务中心', ['2219456']],
    ]);
  });

  it('a bare number and email under a 联系人 line belong to that contact', async () => {
    const got = await contactsOf('科研院联系人:吴楠\n64253496\nkeji@ecust.edu.cn');
    expect(got).toEqual([expect.objectContaining({ name: '吴楠', phones: ['64253496'], emails: ['keji@ecust.edu.cn'] })]);
  });

  it.each([
    { why: 'local numbers under a 联系方式 heading', text: '二、联系方式\n综合业务咨询\n资源管理与基础研究科 5820696\n专业领域业务咨询\n高新科5820679 农业科5820676 社发科5820665\n市民中心窗口电话\n5858760', phones: ['5820696', '5820679', '5820676', '5820665', '5858760'] },
    { why: 'a list after a phone label without a colon', text: '公示期间,省高校后勤改革管理办公室设立投诉电话(0931-8817160、8721211),并受理来电来访。', phones: ['0931-8817160', '8721211'] },
    { why: 'the short dialling number', text: '联系人：毛永刚\n联系电话：86222058 （政府短号663860）', phones: ['86222058', '663860'] },
    { why: 'an area code printed with no separator, and 或 between two numbers', text: '联系人张园,电子邮箱为 [email protected] ,联系电话为01059198628或13651267168。', phones: ['01059198628', '13651267168'] },
    { why: 'an area code glued to the number', text: '应征作品邮寄到湖北省武穴市文联收,邮政编码:435400,或发电子信箱: 16192834@qq.com。联系电话:07136223515,联系人:江帅。', phones: ['07136223515'] },
    { why: 'a campus short number as the whole value', text: '联系人:李 卫;联系电话:82388。', phones: ['82388'] },
    { why: 'a short number bracketed after the full one', text: '5.联系人:彭琼尹,联系电话:86680256(778256)。', phones: ['86680256', '778256'] },
    { why: 'a number run into an e-mail label', text: '2、报名办法:各地区、各直属中学请于1015前将参加大市决赛的学生名单报我室中语组,电话:86691842e_mailjyszy@czedu.gov.cn', phones: ['86691842'] },
    { why: 'digits inside an email are not a phone', text: '联 系 人:周志国   李林峰\n联系电话:0373-5820665\n电子信箱:shfzk5820665@126.com', phones: ['0373-5820665'] },
  ])('$why', async ({ text, phones: expected }) => {
    expect([...new Set(await phones(text))]).toEqual(expected);
  });

  it.each([
    { text: '邮箱：wlsbb＠126.com', email: 'wlsbb@126.com' },
    { text: '联系电话 ： 86178788 ； 电 子 邮 箱 ： 55951832 ＠163.com。', email: '55951832@163.com' },
    { text: '电话:86691842e_mailjyszy@czedu.gov.cn', email: 'jyszy@czedu.gov.cn' },
  ])('email as printed: $text', async ({ text, email }) => {
    expect((await contactsOf(text)).flatMap((c) => c.emails)).toEqual([email]);
  });

  it('a number the phone line marks (传真) is the fax', async () => {
    expect(await contactsOf('联系电话：65212721，65212722(传真)')).toEqual([
      expect.objectContaining({ phones: ['65212721'], faxes: ['65212722'] }),
    ]);
  });

  it('the office printed in the 联系人 value is the contact\'s org', async () => {
    expect(await contactsOf('联系人：市科技局办公室 李主任 电话：0533-2181234')).toEqual([
      expect.objectContaining({ name: '李主任', org: '市科技局办公室', phones: ['0533-2181234'] }),
    ]);
  });

  it('a count of people or money under a contact heading is not a phone', async () => {
    expect(await phones('三、联系方式\n本次共安排经费1500000元')).toEqual([]);
  });
});

describe('splitNames', () => {
  it.each([
    { value: '杨启明、王菲菲', names: ['杨启明', '王菲菲'] },
    { value: '兰雪滢 孟令耘', names: ['兰雪滢', '孟令耘'] },
    { value: '栗英轩、李杨', names: ['栗英轩', '李杨'] },
    { value: '张工（13800000000）', names: ['张工'] },
    { value: '李老师', names: ['李老师'] },
    { value: '张三和李四', names: ['张三', '李四'] },
    { value: '王明同志', names: ['王明'] },
    { value: 'John Smith', names: ['John', 'Smith'] },
  ])('$value → $names', ({ value, names }) => {
    expect(splitNames(value, 0).map((s) => s.text)).toEqual(names);
  });

  it('offsets are relative to the given position', () => {
    expect(splitNames('兰雪滢 孟令耘', 10)).toEqual([
      { text: '兰雪滢', start: 10, end: 13 },
      { text: '孟令耘', start: 14, end: 17 },
    ]);
  });
});

describe('normalizePhone', () => {
  it.each([
    { raw: '(010) 68574158', area: null, phone: '010-68574158' },
    { raw: '（010）68574158', area: null, phone: '010-68574158' },
    { raw: '010-58881428', area: null, phone: '010-58881428' },
    { raw: '58881429', area: '010', phone: '010-58881429' },
    { raw: '55577988', area: null, phone: '55577988' },
    { raw: '13812345678', area: '010', phone: '13812345678' },
    { raw: '0533-1234567', area: null, phone: '0533-1234567' },
    { raw: '０１０－５８８８１４２８', area: null, phone: '010-58881428' },
    { raw: '0533-2181234转8012', area: null, phone: '0533-2181234转8012' },
    // Printed without a separator: 010|59198628 or 0105|9198628 is not ours to guess.
    { raw: '01059198628', area: null, phone: '01059198628' },
  ])('$raw (area $area) → $phone', ({ raw, area, phone }) => {
    expect(normalizePhone(raw, area)).toBe(phone);
  });

  // BUG: a blank between area code and number is squeezed out before the area code is read, so the
  // greedy 0\d{2,3} takes a 4-digit "area code": `010 58881428` → `0105-8881428`.
  it('area code separated by a blank: 010 58881428 → 010-58881428', () => {
    expect(normalizePhone('010 58881428', null)).toBe('010-58881428');
  });
});

describe('namedRecipients', () => {
  it.each([
    { text: '4. 2012年6月17日前各学院、部将往届回校换证考试报名数据发教务科何英老师处。', name: '何英', org: '教务科' },
    { text: '2.请学生处、后勤服务管理处、保卫处将国庆节值班安排于放假前5个工作日的上午12:00前发至学院办公室闫娜邮箱。', name: '闫娜', org: '学院办公室' },
    { text: '(答辩秘书录好结果后,请微信告知邵娟,以便尽快审核,有问题可及时修改)', name: '邵娟', org: null },
  ])('$name', ({ text, name, org }) => {
    expect(namedRecipients(text, 0).map((r) => [r.text, r.org])).toEqual([[name, org]]);
  });

  it.each([
    '2.為更好地做好換證及交費工作,提高換證效率,',
    '讲好科技工作者科学报国故事，推动科学家精神',
    '请于6月30日前报送至市科技局，逾期不予受理。',
    '请及时通知各单位，联系方式，另行告知。',
  ])('names nobody: %s', (text) => {
    expect(namedRecipients(text, 0)).toEqual([]);
  });
});
