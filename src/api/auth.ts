/**
 * Who may ask what (PRODUCT §8, §11). A request from loopback may read without a token; from
 * anywhere else it needs `Authorization: Bearer <api.token>`, and when no token is configured
 * it is refused with a message saying how to set one. Admin endpoints need the token always.
 * Tokens are compared in constant time (SHA-256 digests of equal length, timingSafeEqual).
 *
 * Two guards beyond the address: a request carrying Forwarded/X-Forwarded-For came through a
 * proxy and counts as remote (a proxy on the same machine must not open the API to its
 * clients), and a tokenless loopback request must name a loopback host (a web page whose name
 * was rebound to 127.0.0.1 must not read the home's data through the user's browser).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AddressSource, ApiEnv } from './context.js';
import { ApiError } from './errors.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="homerhythm"' };
const SET_TOKEN = 'set HOMERHYTHM_API_TOKEN (api.token, at least 16 characters) and send Authorization: Bearer <token>';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides hashed first, so lengths never leak either. */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Host names a loopback client legitimately uses. */
export function isLoopbackHost(hostname: string, bind: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || isLoopback(host) || (host === bind && bind !== '0.0.0.0' && bind !== '::');
}

function bearerOf(header: string): string | null {
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return m === null ? null : m[1]!;
}

export interface AccessOptions {
  readonly token: string | undefined;
  readonly bind: string;
  readonly remoteAddress: AddressSource;
}

/** Every request: sets `authenticated`, refuses remote requests without the token. */
export function access(options: AccessOptions): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let authenticated = false;
    if (header !== undefined && options.token !== undefined) {
      const given = bearerOf(header);
      if (given === null || !tokensEqual(given, options.token)) throw new ApiError(401, 'wrong or malformed bearer token', { headers: CHALLENGE });
      authenticated = true;
    }
    c.set('authenticated', authenticated);
    if (!authenticated) {
      const address = options.remoteAddress(c);
      const proxied = c.req.header('forwarded') !== undefined || c.req.header('x-forwarded-for') !== undefined;
      if (!isLoopback(address) || proxied) {
        const from = proxied ? 'through a proxy' : `from ${address ?? 'an unknown address'}`;
        if (options.token === undefined) throw new ApiError(403, `requests ${from} need a token and none is configured: ${SET_TOKEN}`);
        throw new ApiError(401, `requests ${from} need Authorization: Bearer <api token>`, { headers: CHALLENGE });
      }
      const host = new URL(c.req.url).hostname;
      if (!isLoopbackHost(host, options.bind)) {
        throw new ApiError(403, `host ${JSON.stringify(host)} is not a loopback name: use http://127.0.0.1 or http://localhost, or send the API token`);
      }
    }
    await next();
  };
}

/** Admin endpoints (deleting patterns, running jobs): the token, from anywhere. */
export function requireAdmin(token: string | undefined): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (token === undefined) throw new ApiError(403, `admin endpoints need an API token: ${SET_TOKEN}`);
    if (!c.get('authenticated')) throw new ApiError(401, 'admin endpoint: send Authorization: Bearer <api token>', { headers: CHALLENGE });
    await next();
  };
}
