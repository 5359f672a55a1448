/**
 * The access policy (access.ts) as Hono middleware, for every app that listens: refusals leave as
 * `{error, message}` JSON (401 with a Bearer challenge, or 403), and `authenticated` says whether
 * the request carried the token (admin endpoints need it).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { CHALLENGE, decide, type AccessPolicy } from './access.js';

export interface GuardEnv {
  Variables: { authenticated: boolean };
}

/** Where a request comes from (an IP address), or undefined when unknown (treated as remote). */
export type PeerSource = (c: Context) => string | undefined;

/** The socket's peer address, as @hono/node-server exposes it; undefined in-process (app.request()). */
export const socketPeer: PeerSource = (c) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;

export function guard<E extends GuardEnv>(policy: AccessPolicy, peer: PeerSource = socketPeer): MiddlewareHandler<E> {
  return async (c, next) => {
    const verdict = decide(policy, { peer: peer(c), header: (name) => c.req.header(name), hostname: new URL(c.req.url).hostname });
    if (!verdict.allowed) {
      return c.json({ error: verdict.status === 401 ? 'unauthorized' : 'forbidden', message: verdict.message }, verdict.status, verdict.challenge ? { ...CHALLENGE } : undefined);
    }
    c.set('authenticated', verdict.authenticated);
    await next();
  };
}
