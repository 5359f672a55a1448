/**
 * Who may ask what of the data-api (PRODUCT §8, §11): the one access policy of every port
 * (src/http/access.ts), and admin endpoints, which need the token always.
 */
import type { MiddlewareHandler } from 'hono';
import { accessPolicy, type AccessSettings, CHALLENGE, guard, SET_TOKEN } from '../http/index.js';
export { isLoopback, isLoopbackHost, tokensEqual } from '../http/index.js';
import type { AddressSource, ApiEnv } from './context.js';
import { ApiError } from './errors.js';


/** Every request: sets `authenticated`, refuses remote requests without the token. */
export function access(settings: AccessSettings, remoteAddress: AddressSource): MiddlewareHandler<ApiEnv> {
  return guard<ApiEnv>(accessPolicy(settings), remoteAddress);
}

/** Admin endpoints (deleting patterns, running jobs): the token, from anywhere. */
export function requireAdmin(token: string | undefined): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (token === undefined) throw new ApiError(403, `admin endpoints need an API token: ${SET_TOKEN}`);
    if (!c.get('authenticated')) throw new ApiError(401, 'admin endpoint: send Authorization: Bearer <api token>', { headers: { ...CHALLENGE } });
    await next();
  };
}
