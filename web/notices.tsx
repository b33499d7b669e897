/** The notices with the API's filters and a search box; hits show highlighted snippets and copies of one notice are grouped. */
import { useEffect, useState, type FormEvent } from 'react';
import { getJson, LEVELS, type SearchPage, type Snippet } from './api.js';
import { go } from './router.js';

const FILTERS = ['q', 'level', 'region', 'issuer', 'year', 'deadlineAfter'] as const;

function Marked({ s }: { s: Snippet }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  s.marks.forEach(([a, b], i) => {
    parts.push(s.text.slice(at, a), <mark key={i}>{s.text.slice(a, b)}</mark>);
    at = b;
  });
  parts.push(s.text.slice(at));
  return <p className="snippet">…{parts}…</p>;
}

type Item = SearchPage['items'][number];

/** Copies of one notice (the same text in PDF, DOCX, txt…) share a 文号, else a title. */
function group(items: Item[]): Item[][] {
  const out = new Map<string, Item[]>();
  for (const it of items) {
    const key = it.docNumber ?? it.title ?? it.id;
    out.set(key, [...(out.get(key) ?? []), it]);
  }
  return [...out.values()];
}

export function NoticesView({ params }: { params: URLSearchParams }) {
  const [page, setPage] = useState<SearchPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = params.toString();
  useEffect(() => {
    const p = new URLSearchParams(params);
    p.set('pageSize', '100');
    getJson<SearchPage>(`/admin/api/search?${p}`)
      .then((r) => {
        setPage(r);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const p = new URLSearchParams();
    for (const k of FILTERS) {
      const v = String(f.get(k) ?? '').trim();
      if (v) p.set(k, v);
    }
    go(`#/notices?${p}`);
  };
  return (
    <div className="notices">
      <h1>通知</h1>
      <form className="filters" onSubmit={submit} role="search" key={query}>
        <label>
          搜索
          <input name="q" type="search" defaultValue={params.get('q') ?? ''} placeholder="标题、文号、正文…" />
        </label>
        <label>
          级别
          <select name="level" defaultValue={params.get('level') ?? ''}>
            <option value="">全部</option>
            {Object.entries(LEVELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          地区
          <input name="region" defaultValue={params.get('region') ?? ''} />
        </label>
        <label>
          发文机关
          <input name="issuer" defaultValue={params.get('issuer') ?? ''} />
        </label>
        <label>
          年份
          <input name="year" inputMode="numeric" pattern="\d{4}" defaultValue={params.get('year') ?? ''} size={5} />
        </label>
        <label>
          截止日期不早于
          <input name="deadlineAfter" type="date" defaultValue={params.get('deadlineAfter') ?? ''} />
        </label>
        <button type="submit">查找</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {page && (
        <>
          <p role="status">共 {page.total}{page.totalExact ? '' : '+'} 条</p>
          <ul className="results">
            {group(page.items).map((copies) => {
              const first = copies[0] as Item;
              return (
                <li key={first.id} className="result">
                  <h2>
                    <a href={`#/notice/${first.id}`}>{first.title ?? first.fileName}</a>
                  </h2>
                  <p className="meta">
                    {first.docNumber && <span>{first.docNumber}</span>} {first.issuers.join('、')} {first.signedDate && <span>{first.signedDate}</span>}{' '}
                    {first.level && <span className="tag">{LEVELS[first.level] ?? first.level}</span>}
                  </p>
                  {first.snippets.map((s, i) => (
                    <Marked key={i} s={s} />
                  ))}
                  {copies.length > 1 && (
                    <p className="copies">
                      同一通知的副本：
                      {copies.map((c) => (
                        <button key={c.id} type="button" className="link" onClick={() => go(`#/notice/${c.id}`)}>
                          {c.format.toUpperCase()} · {c.fileName}
                        </button>
                      ))}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
