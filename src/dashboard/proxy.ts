/**
 * The dashboard speaks to the data-api through its own origin: `/api/*` and `/health` are passed
 * to the data-api (method, body, Authorization), so the browser needs no CORS and "the data-api
 * is down" is a state the page can see and explain. A client that is not on this machine is
 * marked with X-Forwarded-For, so the data-api asks it for the token as it would directly.
 */
import type { Context } from 'hono';

/** How long a proxied request may take: a job run through "run now" takes a few seconds. */
export const PROXY_TIMEOUT_MS = 120_000;
const FORWARDED_REQUEST_HEADERS = ['authorization', 'content-type', 'accept'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'www-authenticate', 'retry-after'];

export interface ProxyOptions {
  /** The data-api's base URL, e.g. http://127.0.0.1:8006. */
  readonly apiUrl: string;
  /** The client's address when it is not this machine (it then goes on as X-Forwarded-For). */
  readonly remoteClient: (c: Context) => string | null;
  readonly timeoutMs?: number;
}

export function unreachableMessage(apiUrl: string, cause: string): string {
  return `the data-api at ${apiUrl} is not reachable (${cause}). It runs with the dashboard in \`npx homerhythm serve\` (or alone: \`npx homerhythm serve --only api\`); check that it is running and listening on that port (api.port, HOMERHYTHM_API_PORT).`;
}

export function proxyToApi(options: ProxyOptions) {
  return async (c: Context): Promise<Response> => {
    const url = new URL(c.req.url);
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    const remote = options.remoteClient(c);
    if (remote !== null) headers.set('x-forwarded-for', remote);
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    let upstream: Response;
    try {
      upstream = await fetch(`${options.apiUrl}${url.pathname}${url.search}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? PROXY_TIMEOUT_MS) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const cause = err.name === 'TimeoutError' ? 'no answer in time' : (err.cause?.code ?? err.message);
      return c.json({ error: 'api_unreachable', message: unreachableMessage(options.apiUrl, cause) }, 502);
    }
    const out = new Headers();
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    return new Response(upstream.body, { status: upstream.status, headers: out });
  };
}
