/**
 * Publishing fails closed: every marking form that leaked into the public feed and calendar
 * (issue 10 §3) keeps its notice private, whatever the extractor made of it, and the default
 * policy publishes only notices marked for publication.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { isPublished, markingOf } from '../../src/store/publication.js';
import { SAMPLES } from '../helpers.js';
import { startApi } from '../server/fixtures.js';

const body = readFileSync(join(SAMPLES, '000_fc46f2fa053bb05e.txt'), 'utf8');
const unmarked = { disclosure: null, secrecy: null } as const;

describe('markingOf: private markings in every printed form', () => {
  it.each([
    ['（此件不予公开，发至县级）', `${body}\n（此件不予公开，发至县级）`],
    ['此件不予公开 without brackets', `${body}\n此件不予公开`],
    ['the note after the attachments', `${body}\n附件：1.报名表\n2.汇总表\n（此件不予公开）`],
    ['000123  秘密★1年 on one line', `000123  秘密★1年\n${body}`],
    ['密级：秘密', `密级：秘密\n${body}`],
    ['内部★', `内部★\n${body}`],
    ['工作秘密', `工作秘密\n${body}`],
    ['秘密*1年 (ASCII star)', `秘密*1年\n${body}`],
    ['内部资料 注意保存', `内部资料 注意保存\n${body}`],
    ['（内部文件，请勿外传）', `（内部文件，请勿外传）\n${body}`],
    ['机密★5年', `机密★5年\n${body}`],
    ['仅供内部使用', `${body}\n本材料仅供内部使用`],
  ])('%s → private', (_, text) => {
    const m = markingOf({ ...unmarked, text });
    expect(m.marking).toBe('private');
    expect(isPublished('marked-public', m.marking)).toBe(false);
    expect(isPublished('not-marked-private', m.marking)).toBe(false);
  });

  it('body text about secrecy work is not a marking (关于开展保守国家秘密宣传教育的通知)', () => {
    const text = '关于开展保守国家秘密宣传教育的通知\n各单位：\n为增强保守国家秘密意识，现将有关事项通知如下。';
    expect(markingOf({ ...unmarked, text }).marking).toBeNull();
  });

  it('the record\'s own 密级 or not_public wins, even if its text has a public note', () => {
    expect(markingOf({ disclosure: null, secrecy: '秘密★1年', text: '（此件主动公开）' }).marking).toBe('private');
    expect(markingOf({ disclosure: 'not_public', secrecy: null, text: `${body}\n（此件主动公开）` }).marking).toBe('private');
  });

  it.each(['（此件主动公开）', '(此件依申请公开)', '（此件公开发布）'])('%s → public under both policies', (note) => {
    const m = markingOf({ ...unmarked, text: `${body}\n${note}` });
    expect(m).toMatchObject({ marking: 'public', evidence: note });
    expect(isPublished('marked-public', m.marking)).toBe(true);
    expect(isPublished('not-marked-private', m.marking)).toBe(true);
  });

  it('unmarked: published only under not-marked-private; an index entry without a marking (older index) never', () => {
    expect(isPublished('marked-public', null)).toBe(false);
    expect(isPublished('not-marked-private', null)).toBe(true);
    expect(isPublished('not-marked-private', undefined)).toBe(false);
  });

  it('the default policy is the safe one', () => {
    expect(resolveConfig({}, {}).publish).toBe('marked-public');
    expect(resolveConfig({ publish: 'not-marked-private' }, {}).publish).toBe('not-marked-private');
    expect(() => resolveConfig({ publish: 'all' }, {})).toThrow(/publish must be one of marked-public, not-marked-private/);
  });
});

describe('the served feed and calendar under the default policy', () => {
  it('hold only the notices marked (此件主动公开)/(此件依申请公开); the staff API still has every notice', async () => {
    const api = await startApi(50, { publish: 'marked-public' });
    try {
      const marked = api.all.filter((r) => markingOf(r).marking === 'public').map((r) => r.id).sort();
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.length).toBeLessThan(api.all.length);
      const feed = (await (await fetch(`${api.server.url}/feed.json`)).json()) as { items: Array<{ id: string }> };
      expect(feed.items.map((i) => i.id).sort()).toEqual(marked);
      const ics = await (await fetch(`${api.server.url}/deadlines.ics`)).text();
      for (const r of api.all) {
        const inCalendar = ics.includes(r.id);
        if (!marked.includes(r.id)) expect(inCalendar, r.id).toBe(false);
      }
    } finally {
      await api.server.close();
    }
  });
});
