/** Hash routes: #/ overview, #/notices?q=…, #/notice/<id>, #/notice/<id>/forms. */
import { useEffect, useState } from 'react';

export interface Route {
  name: 'overview' | 'notices' | 'notice' | 'forms';
  id?: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'notices') return { name: 'notices', params };
  if (parts[0] === 'notice' && parts[1]) return { name: parts[2] === 'forms' ? 'forms' : 'notice', id: parts[1], params };
  return { name: 'overview', params };
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = (): void => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}

export const go = (hash: string): void => {
  location.hash = hash;
};
