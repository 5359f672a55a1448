// @ts-check
/**
 * Requests to the dashboard's own origin: the data-api behind /api/* and /health, the
 * dashboard's views behind /dashboard/*. The admin token the user pastes lives in
 * sessionStorage (gone when the tab closes) and goes out as `Authorization: Bearer`.
 */
import { useCallback, useEffect, useState } from './lib.js';

const TOKEN_KEY = 'homerhythm.api_token';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** @param {string} token */
export function setToken(token) {
  if (token === '') sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

export class RequestError extends Error {
  /**
   * @param {number} status HTTP status, 0 when nothing answered
   * @param {string} code the API's error code (`api_unreachable` when the data-api is down)
   * @param {string} message what happened and what to do, from the server
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The data-api (or the dashboard itself) does not answer. */
  get unreachable() {
    return this.code === 'api_unreachable' || this.status === 0;
  }
}

/**
 * @param {string} path
 * @param {{ method?: string, signal?: AbortSignal, accept?: number[], json?: unknown }} [options] accept: error statuses whose body is still the answer (503 of /health); json: a body to send as application/json
 * @returns {Promise<any>}
 */
export async function request(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  const token = getToken();
  if (token !== '') headers['authorization'] = `Bearer ${token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    // Relative to the page: under HA's ingress the dashboard lives below a path prefix.
    res = await fetch(path.replace(/^\/+/, ''), { method: options.method ?? 'GET', headers, signal: options.signal, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new RequestError(0, 'dashboard_unreachable', 'The dashboard server does not answer. Is `npx homerhythm serve` (or `npm start`) still running?');
  }
  const body = await res.json().catch(() => null);
  if (res.ok || (options.accept ?? []).includes(res.status)) return body;
  throw new RequestError(res.status, body?.error ?? 'error', body?.message ?? `the server answered HTTP ${res.status}`);
}

/**
 * Loads JSON when the path changes; `reload` fetches again. A null path loads nothing.
 * @template T
 * @param {string | null} path
 * @param {{ accept?: number[] }} [options]
 * @returns {{ data: T | null, error: RequestError | null, loading: boolean, reload: () => void }}
 */
export function useJson(path, options = {}) {
  const [state, setState] = useState(/** @type {{ data: T | null, error: RequestError | null, loading: boolean }} */ ({ data: null, error: null, loading: path !== null }));
  const [tick, setTick] = useState(0);
  const accept = (options.accept ?? []).join(',');
  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    request(path, { signal: controller.signal, accept: accept === '' ? [] : accept.split(',').map(Number) }).then(
      (data) => setState({ data, error: null, loading: false }),
      (error) => {
        if (controller.signal.aborted) return;
        setState({ data: null, error: error instanceof RequestError ? error : new RequestError(0, 'error', String(error)), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, tick, accept]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/**
 * Builds a query string from the defined, non-empty values.
 * @param {Record<string, string | number | undefined | null>} params
 */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}
