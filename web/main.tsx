/** The administrator's page: asks for the staff API key, then shows the overview, the notices, a notice and its forms. */
import { StrictMode, useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { getJson, getKey, setKey, whenUnauthorized } from './api.js';
import { FormsView } from './forms.js';
import { NoticeView } from './notice.js';
import { NoticesView } from './notices.js';
import { OverviewView } from './overview.js';
import { useRoute } from './router.js';

function Login({ onDone }: { onDone: () => void }) {
  const [key, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setKey(key.trim());
    try {
      await getJson('/admin/api/overview');
      onDone();
    } catch {
      setError('密钥无效，请检查后重试。');
    }
  };
  return (
    <main className="login">
      <h1>通知管理</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="key">API 密钥</label>
        <input id="key" type="password" autoComplete="current-password" value={key} onChange={(e) => setValue(e.target.value)} required />
        <button type="submit">登录</button>
        {error && <p role="alert" className="error">{error}</p>}
        <p className="hint">密钥与员工 API 相同（演示模式下见 data/demo-api-key 或启动日志）。</p>
      </form>
    </main>
  );
}

function App() {
  const [authed, setAuthed] = useState(getKey() !== null);
  const route = useRoute();
  useEffect(() => whenUnauthorized(() => setAuthed(false)), []);
  if (!authed) return <Login onDone={() => setAuthed(true)} />;
  const tab = (name: string, hash: string, label: string) => (
    <a href={hash} aria-current={route.name === name ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <header className="top">
        <span className="brand">通知管理</span>
        <nav aria-label="主导航">
          {tab('overview', '#/', '概览')}
          {tab('notices', '#/notices', '通知')}
          <a href="/deadlines.ics" title="在日历软件中订阅此地址">订阅截止日期日历</a>
        </nav>
        <button
          type="button"
          className="link"
          onClick={() => {
            setKey(null);
            setAuthed(false);
          }}
        >
          退出
        </button>
      </header>
      <main id="main">
        {route.name === 'overview' && <OverviewView />}
        {route.name === 'notices' && <NoticesView params={route.params} />}
        {route.name === 'notice' && route.id && <NoticeView id={route.id} />}
        {route.name === 'forms' && route.id && <FormsView id={route.id} />}
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
