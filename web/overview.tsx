/** Counts, queue, failures with retry, deadlines due in the next 30 days, and the upload drop zone; polled every few seconds. */
import { useCallback, useEffect, useState } from 'react';
import { getJson, postJson, type Overview } from './api.js';
import { Upload } from './upload.js';

const POLL_MS = 3000;

export function OverviewView() {
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await getJson<Overview>('/admin/api/overview'));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(t);
  }, [load]);
  const retry = async (which: string[]): Promise<void> => {
    const r = await postJson<{ retried: Array<{ file: string }> }>('/admin/api/retry', { which });
    setMessage(r.retried.length ? `已重新排队：${r.retried.map((x) => x.file).join('、')}` : '没有可重试的文件');
    await load();
  };
  if (!data) return <p>{error ?? '加载中…'}</p>;
  const { counts, queue } = data;
  const card = (label: string, n: number | undefined, cls = '') => (
    <div className={`card ${cls}`} data-count={label}>
      <span className="n">{n ?? '—'}</span>
      <span className="label">{label}</span>
    </div>
  );
  return (
    <div className="overview">
      <h1>概览</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <section aria-labelledby="h-counts">
        <h2 id="h-counts">文件</h2>
        <div className="cards">
          {card('收件箱', counts.inbox)}
          {card('已完成', counts.done)}
          {card('失败', counts.failed, counts.failed ? 'bad' : '')}
          {card('重复', counts.duplicates)}
          {card('通知记录', data.documents)}
        </div>
        <h2>队列</h2>
        <div className="cards">
          {card('等待', queue?.waiting)}
          {card('处理中', queue?.active)}
          {card('队列失败', queue?.failed)}
        </div>
      </section>
      <section aria-labelledby="h-failures">
        <h2 id="h-failures">失败的文件</h2>
        {message && <p role="status">{message}</p>}
        {data.failures.length === 0 ? (
          <p>没有失败的文件。</p>
        ) : (
          <>
            <table className="failures">
              <thead>
                <tr>
                  <th scope="col">文件</th>
                  <th scope="col">原因</th>
                  <th scope="col">时间</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {data.failures.map((f) => (
                  <tr key={f.file + f.at}>
                    <td className="file">{f.file}</td>
                    <td className="reason">
                      <code>{f.code}</code> {f.message}
                    </td>
                    <td>
                      <time dateTime={f.at}>{new Date(f.at).toLocaleString('zh-CN')}</time>
                    </td>
                    <td>
                      <button type="button" onClick={() => void retry([f.id ?? f.file])} aria-label={`重试 ${f.file}`}>
                        重试
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => void retry([])}>
              全部重试
            </button>
          </>
        )}
      </section>
      <section aria-labelledby="h-due">
        <h2 id="h-due">未来 30 天的截止事项</h2>
        {data.deadlines.length === 0 ? (
          <p>
            {data.from} 至 {data.until} 没有截止事项。
          </p>
        ) : (
          <ol className="due">
            {data.deadlines.map((d, i) => (
              <li key={`${d.id}-${i}`}>
                <time dateTime={d.date}>
                  {d.date}
                  {d.time ? ` ${d.time}` : ''}
                </time>{' '}
                <span className="what">{d.what}</span> —{' '}
                <a href={`#/notice/${d.id}`}>{d.title ?? d.docNumber ?? d.id}</a>
              </li>
            ))}
          </ol>
        )}
        <p>
          <a href="/deadlines.ics">订阅截止日期日历（iCalendar）</a>
        </p>
      </section>
      <Upload onUploaded={() => void load()} />
    </div>
  );
}
