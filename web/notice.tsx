/** One notice: the original on the left (PDF pages and the normalised text), the record on the right, each value beside its evidence and correctable. */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { download, getJson, postJson, saveBlob, type Disagreement, type Evidence, type NoticeRecord, type Overrides, type ValuePath } from './api.js';
import { EvidenceText, type Spot } from './evidence-text.js';
import { PdfView } from './pdf-view.js';
import { groupsOf, parseInput, samePath, startsWith, type Value } from './values.js';

interface OverridesAnswer {
  overrides: Overrides;
  disagreements: Disagreement[];
  extracted: NoticeRecord;
}

const EMPTY_EVIDENCE: Evidence = { start: 0, end: 0, page: null, quote: '' };

function Editor({ value, onSave, onCancel }: { value: Value; onSave: (v: unknown) => void; onCancel: () => void }) {
  const initial = Array.isArray(value.raw) ? value.raw.join('、') : value.raw === null || value.raw === undefined ? '' : String(value.raw);
  const [text, setText] = useState(initial);
  return (
    <form
      className="editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(parseInput(value.kind, text));
      }}
    >
      <input aria-label={`新的${value.label}`} value={text} onChange={(e) => setText(e.target.value)} type={value.kind === 'date' ? 'date' : value.kind === 'time' ? 'time' : 'text'} autoFocus />
      <button type="submit">保存</button>
      <button type="button" onClick={onCancel}>
        取消
      </button>
    </form>
  );
}

function AddDeadline({ onAdd }: { onAdd: (v: unknown) => void }) {
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const what = String(f.get('what') ?? '').trim();
    onAdd({ date: String(f.get('date')), time: String(f.get('time') ?? '') || null, what, to: null, attachment: null, text: what, evidence: EMPTY_EVIDENCE });
    e.currentTarget.reset();
  };
  return (
    <form className="add" onSubmit={submit}>
      <label>
        日期 <input name="date" type="date" required />
      </label>
      <label>
        时间 <input name="time" type="time" />
      </label>
      <label>
        事项 <input name="what" required />
      </label>
      <button type="submit">添加截止事项</button>
    </form>
  );
}

function AddContact({ onAdd }: { onAdd: (v: unknown) => void }) {
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const list = (k: string): unknown => parseInput('list', String(f.get(k) ?? ''));
    onAdd({ name: String(f.get('name') ?? '').trim() || null, org: null, phones: list('phones'), faxes: [], emails: list('emails'), address: null, postcode: null, evidence: EMPTY_EVIDENCE });
    e.currentTarget.reset();
  };
  return (
    <form className="add" onSubmit={submit}>
      <label>
        姓名 <input name="name" required />
      </label>
      <label>
        电话 <input name="phones" />
      </label>
      <label>
        邮箱 <input name="emails" />
      </label>
      <button type="submit">添加联系人</button>
    </form>
  );
}

/** What /notices/:id adds to the record: the other files of the same notice and the notices it is linked with. */
type Linked = { id: string; title: string | null; docNumber: string | null; relation: 'cites' | 'forwards'; localEarlier: boolean | null };
type Served = NoticeRecord & { group?: { sources: Array<{ id: string; fileName: string }> }; cites?: Linked[]; citedBy?: Linked[] };

function Related({ record, id }: { record: Served; id: string }) {
  const others = (record.group?.sources ?? []).filter((s) => s.id !== id);
  const links = [...(record.cites ?? []).map((l) => ({ ...l, side: l.relation === 'forwards' ? '转发' : '引用' })), ...(record.citedBy ?? []).map((l) => ({ ...l, side: l.relation === 'forwards' ? '被转发' : '被引用' }))];
  if (others.length === 0 && links.length === 0) return null;
  return (
    <ul className="related">
      {others.map((s) => (
        <li key={s.id}>
          同一通知的另一文件：<a href={`#/notice/${s.id}`}>{s.fileName}</a>
        </li>
      ))}
      {links.map((l) => (
        <li key={`${l.side}-${l.id}`}>
          {l.side}：<a href={`#/notice/${l.id}`}>{l.title ?? l.docNumber ?? l.id}</a>
          {l.localEarlier ? '（下级截止早于上级）' : ''}
        </li>
      ))}
    </ul>
  );
}

export function NoticeView({ id }: { id: string }) {
  const [record, setRecord] = useState<Served | null>(null);
  const [meta, setMeta] = useState<OverridesAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ evidence: Evidence; key: string } | null>(null);
  const [picked, setPicked] = useState<Value[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [r, m] = await Promise.all([getJson<Served>(`/notices/${id}`), getJson<OverridesAnswer>(`/admin/api/notices/${id}/overrides`)]);
      setRecord(r);
      setMeta(m);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  const groups = useMemo(() => (record ? groupsOf(record) : []), [record]);
  const values = useMemo(() => groups.flatMap((g) => g.items.flatMap((i) => i.values)), [groups]);
  const spots = useMemo<Spot[]>(
    () => values.filter((v) => v.evidence && v.evidence.end > v.evidence.start).map((v) => ({ evidence: v.evidence as Evidence, label: v.label, key: JSON.stringify(v.path) })),
    [values],
  );
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!record || !meta) return <p>加载中…</p>;

  const correct = async (op: 'set' | 'delete' | 'add', path: ValuePath, value?: unknown): Promise<void> => {
    try {
      await postJson(`/admin/api/notices/${id}/corrections`, { op, path, value });
      setEditing(null);
      setError(null);
      await load();
    } catch (e) {
      alert(`无法保存更正：${(e as Error).message}`);
    }
  };
  const setChecked = async (checked: boolean): Promise<void> => {
    await postJson(`/admin/api/notices/${id}/checked`, { checked });
    await load();
  };
  const issuesAt = (path: ValuePath) => record.issues.filter((i) => i.code !== 'corrected' && i.path.length > 0 && (startsWith(path, i.path) || startsWith(i.path, path)));
  const correctedAt = (path: ValuePath) => record.issues.find((i) => i.code === 'corrected' && samePath(i.path as ValuePath, path));
  const pick = (offset: number): void => setPicked(values.filter((v) => v.evidence && v.evidence.start <= offset && v.evidence.end > offset));
  const show = (v: Value): void => {
    if (v.evidence) setSelected({ evidence: v.evidence, key: JSON.stringify(v.path) });
  };

  const valueRow = (v: Value) => {
    const key = JSON.stringify(v.path);
    const flags = issuesAt(v.path);
    const fixed = correctedAt(v.path);
    return (
      <div className={`value ${selected?.key === key ? 'selected' : ''}`} key={key} data-path={v.path.join('.')}>
        <span className="label">{v.label}</span>
        {editing === key ? (
          <Editor value={v} onSave={(x) => void correct('set', v.path, x)} onCancel={() => setEditing(null)} />
        ) : (
          <>
            <button type="button" className="val" onClick={() => show(v)} disabled={!v.evidence} title={v.evidence ? '在原文中显示依据' : '原文中没有依据'}>
              {v.shown}
            </button>
            {flags.length > 0 && (
              <span className="flag" title={flags.map((f) => f.message).join('\n')} role="note">
                ⚠ {flags.map((f) => f.code).join(', ')}
              </span>
            )}
            {fixed && (
              <span className="fixed" title={fixed.message}>
                已更正
              </span>
            )}
            <button type="button" className="link" onClick={() => setEditing(key)} aria-label={`更正${v.label}`}>
              更正
            </button>
          </>
        )}
      </div>
    );
  };

  const page = selected?.evidence.page ?? null;
  return (
    <div className="notice">
      <div className="notice-head">
        <h1>{record.title ?? record.source.fileName}</h1>
        <div className="actions">
          <button type="button" onClick={() => void download(`/notices/${id}/original`, record.source.fileName)}>
            下载原件
          </button>
          <button type="button" onClick={() => saveBlob(new Blob([JSON.stringify(record, null, 2)], { type: 'application/json' }), `${id}.json`)}>
            下载记录 JSON
          </button>
          {record.attachments.some((a) => a.form) && <a href={`#/notice/${id}/forms`}>表单预览</a>}
          {meta.overrides.checked ? (
            <button type="button" onClick={() => void setChecked(false)}>
              已核对（{meta.overrides.checked.by}，{new Date(meta.overrides.checked.at).toLocaleString('zh-CN')}）· 取消
            </button>
          ) : (
            <button type="button" onClick={() => void setChecked(true)}>
              标记为已核对
            </button>
          )}
        </div>
        <Related record={record} id={id} />
        {meta.disagreements.length > 0 && (
          <div className="warn" role="note">
            重新提取后，{meta.disagreements.length} 处更正与新的提取结果不一致：
            <ul>
              {meta.disagreements.map((d, i) => (
                <li key={i}>
                  {d.path.join('.')}：更正时为 {JSON.stringify(d.base)}，现在为 {JSON.stringify(d.now ?? null)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div className="split">
        <section className="original" aria-label="原件">
          <h2>原件 · {record.source.format.toUpperCase()}</h2>
          {record.source.format === 'pdf' && <PdfView id={id} page={page} />}
          <h3>正文{page ? `（依据在第 ${page} 页）` : ''}</h3>
          <EvidenceText text={record.text} spots={spots} selected={selected?.evidence ?? null} onPick={pick} />
        </section>
        <section className="record" aria-label="提取结果">
          <h2>提取结果</h2>
          {picked && (
            <div className="picked" role="status">
              {picked.length ? (
                <>
                  此处提取的值：
                  {picked.map((v) => (
                    <button key={JSON.stringify(v.path)} type="button" className="link" onClick={() => show(v)}>
                      {v.label}：{v.shown}
                    </button>
                  ))}
                </>
              ) : (
                '此处没有提取的值'
              )}
            </div>
          )}
          {groups.map((g) => (
            <div key={g.title} className="group">
              <h3>{g.title}</h3>
              {g.items.length === 0 && <p className="none">无</p>}
              {g.items.map((it, i) => (
                <div key={i} className={it.path ? 'item' : ''}>
                  {it.values.map(valueRow)}
                  {it.path && (
                    <button type="button" className="link danger" onClick={() => void correct('delete', it.path as ValuePath)}>
                      删除此项
                    </button>
                  )}
                </div>
              ))}
              {g.title === '截止事项' && <AddDeadline onAdd={(v) => void correct('add', ['deadlines'], v)} />}
              {g.title === '联系人' && <AddContact onAdd={(v) => void correct('add', ['contacts'], v)} />}
              {g.title === '附件' &&
                record.attachments.map((a, n) =>
                  a.form ? (
                    <button key={n} type="button" className="link" onClick={() => void download(`/notices/${id}/forms/${n}`, `${id}-form-${n}.schema.json`)}>
                      下载{a.label ?? `附件${n + 1}`}的 JSON Schema
                    </button>
                  ) : null,
                )}
            </div>
          ))}
        </section>
      </div>
    </div>
  );
}
