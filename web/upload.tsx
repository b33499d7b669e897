/** Drag and drop (files, ZIP bundles, folders) or choose files: they are sent to the inbox. */
import { useState, type DragEvent } from 'react';
import { call } from './api.js';

interface Uploaded {
  file: string;
  savedAs: string | null;
  error?: string;
}

/** Every file under a dropped entry (folders walked). */
async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return [await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej))];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const out: File[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (batch.length === 0) return out;
    for (const e of batch) out.push(...(await filesOf(e)));
  }
}

export function Upload({ onUploaded }: { onUploaded: () => void }) {
  const [over, setOver] = useState(false);
  const [result, setResult] = useState<Uploaded[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    const body = new FormData();
    for (const f of files) body.append('files', f, f.name);
    try {
      const r = (await (await call('/admin/api/upload', { method: 'POST', body })).json()) as { uploaded: Uploaded[] };
      setResult(r.uploaded);
      setError(null);
      onUploaded();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const drop = async (e: DragEvent): Promise<void> => {
    e.preventDefault();
    setOver(false);
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry()).filter((x): x is FileSystemEntry => x !== null);
    const files = entries.length ? (await Promise.all(entries.map(filesOf))).flat() : [...e.dataTransfer.files];
    await send(files);
  };
  return (
    <section aria-labelledby="h-upload">
      <h2 id="h-upload">上传</h2>
      <div
        className={`drop ${over ? 'over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void drop(e)}
      >
        <p>把通知文件、ZIP 压缩包或整个文件夹拖放到这里，它们会放入收件箱等待处理。</p>
        <label>
          选择文件：
          <input type="file" multiple onChange={(e) => void send([...(e.target.files ?? [])])} />
        </label>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {result && (
        <ul className="uploaded" role="status">
          {result.map((u, i) => (
            <li key={i}>{u.savedAs ? `${u.file} → 收件箱/${u.savedAs}` : `${u.file}：${u.error ?? '未接收'}`}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
