/**
 * Who may ask what, the same on every port (8001, 8006, 3000; PRODUCT §8, §11). The bearer token
 * (`api.token`, HOMERHYTHM_API_TOKEN) lets anyone in; a wrong one is refused from anywhere.
 * Without it, only a client on this machine is served (with `allow_unauthenticated_lan`, also one
 * on a private network), and it must name a host it legitimately uses, so that a web page whose
 * name was rebound to our address cannot read the home through the user's browser. A request
 * through a proxy is judged by its real client (address.ts): unknown unless the proxy is trusted.
 * Tokens are compared in constant time (SHA-256 digests of equal length, timingSafeEqual).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { AddressSet, clientOf, isLoopback, isPrivate, plainAddress, type HeaderSource } from './address.js';

export const SET_TOKEN = 'set HOMERHYTHM_API_TOKEN (api.token, at least 16 characters) and send Authorization: Bearer <token>';
export const CHALLENGE: Readonly<Record<string, string>> = { 'WWW-Authenticate': 'Bearer realm="homerhythm"' };

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides hashed first, so lengths never leak either. */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const wildcard = (bind: string) => bind === '0.0.0.0' || bind === '::';

/** Host names a loopback client legitimately uses. */
export function isLoopbackHost(hostname: string, bind: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || isLoopback(host) || (host === bind && !wildcard(bind));
}

/** Host names a client on the home's network uses: an address, or a name no public DNS serves. */
export function isLanHost(hostname: string, bind: string): boolean {
  const host = hostname.toLowerCase();
  if (isLoopbackHost(host, bind) || isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0) return true;
  return /^[a-z0-9-]+$/.test(host) || /\.(local|lan|home\.arpa|internal)$/.test(host);
}

function bearerOf(header: string): string | null {
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return m === null ? null : m[1]!;
}

/** The access settings of one configuration, parsed once. */
export interface AccessPolicy {
  readonly token: string | undefined;
  readonly bind: string;
  readonly trusted: AddressSet;
  readonly allowUnauthenticatedLan: boolean;
  /** A Home Assistant App's ingress proxy: its requests are people HA has logged in. */
  readonly ingressProxy: string | undefined;
}

export interface AccessSettings {
  readonly bind: string;
  readonly api: { readonly token?: string | undefined };
  readonly trusted_proxies?: readonly string[];
  readonly allow_unauthenticated_lan?: boolean;
  /** Only on the listener the ingress proxy reaches (the App's dashboard). */
  readonly ingress_proxy?: string | undefined;
}

/**
 * With `allow_unauthenticated_lan`, this machine (loopback and the bound address) is a trusted
 * proxy as well: the dashboard passes its LAN clients to the data-api over it, marked with
 * X-Forwarded-For, and only a private client named there is served without the token.
 */
export function accessPolicy(config: AccessSettings): AccessPolicy {
  const allowUnauthenticatedLan = config.allow_unauthenticated_lan ?? false;
  const self = allowUnauthenticatedLan ? ['127.0.0.0/8', '::1', ...(isIP(config.bind) !== 0 && !wildcard(config.bind) ? [config.bind] : [])] : [];
  return {
    token: config.api.token,
    bind: config.bind,
    trusted: new AddressSet([...(config.trusted_proxies ?? []), ...self]),
    allowUnauthenticatedLan,
    ingressProxy: config.ingress_proxy,
  };
}

/** What a decision needs to know of a request. */
export interface RequestFacts {
  /** The socket's peer address (undefined when unknown). */
  readonly peer: string | undefined;
  readonly header: HeaderSource;
  /** The host name the request names (from Host), lower case, IPv6 in brackets. */
  readonly hostname: string;
}

export type Verdict =
  | { readonly allowed: true; readonly authenticated: boolean }
  | { readonly allowed: false; readonly status: 401 | 403; readonly message: string; readonly challenge: boolean };

const refuse = (status: 401 | 403, message: string): Verdict => ({ allowed: false, status, message, challenge: status === 401 });

export function decide(policy: AccessPolicy, request: RequestFacts): Verdict {
  const header = request.header('authorization');
  if (header !== undefined && policy.token !== undefined) {
    const given = bearerOf(header);
    if (given === null || !tokensEqual(given, policy.token)) return refuse(401, 'wrong or malformed bearer token');
    return { allowed: true, authenticated: true };
  }
  // HA's ingress: "Users are previously authenticated via Home Assistant" (its app docs). The proxy
  // names the browser in X-Forwarded-For and the Host is HA's; neither matters here. Admin endpoints
  // still need the API token.
  if (policy.ingressProxy !== undefined && request.peer !== undefined && plainAddress(request.peer) === policy.ingressProxy) return { allowed: true, authenticated: false };
  const client = clientOf(request.peer, request.header, policy.trusted);
  const lan = policy.allowUnauthenticatedLan && isPrivate(client.address);
  if (!isLoopback(client.address) && !lan) {
    const from = client.untrustedProxy
      ? 'through a proxy that is not in trusted_proxies'
      : client.proxied
        ? `through a proxy from ${client.address ?? 'an unreadable address'}`
        : `from ${client.address ?? 'an unknown address'}`;
    if (policy.token === undefined) return refuse(403, `requests ${from} need a token and none is configured: ${SET_TOKEN}`);
    return refuse(401, `requests ${from} need Authorization: Bearer <api token>`);
  }
  const hostOk = lan ? isLanHost(request.hostname, policy.bind) : isLoopbackHost(request.hostname, policy.bind);
  if (!hostOk) {
    return refuse(403, `host ${JSON.stringify(request.hostname)} is not a ${lan ? 'local' : 'loopback'} name: use http://127.0.0.1 or http://localhost, or send the API token`);
  }
  return { allowed: true, authenticated: false };
}
