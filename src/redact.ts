/**
 * URLs as they may be shown. `HA_URL=http://user:pass@host` (a proxy's basic auth) and InfluxDB
 * URLs may carry credentials: every URL that is logged, put in an error or written to a backup
 * goes through `withoutCredentials` first.
 */

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** `scheme://user:pass@` — also where `new URL` gives up (a bad port, a space in the host). */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/** The URL without user name and password; any other string unchanged. */
export function withoutCredentials(url: string): string {
  if (!HAS_SCHEME.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url.replace(USERINFO, '$1');
    parsed.username = '';
    parsed.password = '';
    // keep the user's spelling (no trailing slash added to a bare origin)
    const shown = parsed.toString();
    return !url.replace(USERINFO, '$1').endsWith('/') && shown.endsWith('/') && parsed.pathname === '/' ? shown.slice(0, -1) : shown;
  } catch {
    return url.replace(USERINFO, '$1');
  }
}

/** The user name and password a URL carries (decoded), or null. */
export function credentialsOf(url: string): { readonly username: string; readonly password: string } | null {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return null;
    return { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  } catch {
    return null;
  }
}

/** A copy of a JSON-like value with the credentials removed from every URL string in it. */
export function urlsWithoutCredentials<T>(value: T): T {
  if (typeof value === 'string') return withoutCredentials(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => urlsWithoutCredentials(v)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, urlsWithoutCredentials(v)])) as T;
  }
  return value;
}
