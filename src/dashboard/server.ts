/**
 * The dashboard as a Hono app: the page and its modules (web/), the libraries (/vendor/), the
 * data-api through the same origin (/api/*, /health), and a few views of the store the data-api
 * does not shape (/dashboard/*: the home, its entities, an entity's heatmap, automation
 * suggestions). Every response carries a Content-Security-Policy that allows scripts from this
 * origin only, so even text from Home Assistant that slipped into HTML could not run.
 * Data endpoints follow the data-api's access rules (api/auth.ts): loopback reads freely,
 * anything else needs the API token.
 */
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { access } from '../api/auth.js';
import { socketAddress, type AddressSource, type ApiEnv } from '../api/context.js';
import { accessPolicy, clientOf, isLoopback, plainAddress } from '../http/index.js';
import { ApiError, errorHandler } from '../api/errors.js';
import { type Config, detectorSettingsOf } from '../config.js';
import type { Logger } from '../log.js';
import type { Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { type Asset, vendorAsset, webAsset, WEB_ROOT } from './assets.js';
import { entityWords } from '../jobs/entity-words.js';
import { entitySummaries, heatmap, rankedPatterns, rhythm } from './home-data.js';
import { proxyToApi } from './proxy.js';
import { SUGGESTED_TYPES, suggest } from './suggest/index.js';
import { listFixes } from '../suggestions/fixes.js';
import { homeOf, listSuggestions, SHOW, type Show } from '../suggestions/list.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  // Home Assistant's ingress shows the dashboard in a frame of its own origin (the prefix is on HA's host).
  "frame-ancestors 'self'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
export const HEATMAP_MAX_DAYS = 90;
export const SUGGESTIONS_MAX = 200;

export interface DashboardDeps {
  readonly storage: Storage;
  readonly config: Config;
  readonly calendar: () => Calendar;
  /** The data-api's base URL, e.g. http://127.0.0.1:8006. */
  readonly apiUrl: string;
  readonly clock?: () => number;
  readonly remoteAddress?: AddressSource;
  /** Where the front-end is (default: web/ at the package root). */
  readonly webRoot?: string;
  readonly log?: Logger;
}

function send(c: Context, asset: Asset | null): Response {
  if (asset === null) return c.json({ error: 'not_found', message: `no such file: ${c.req.path}` }, 404);
  return c.body(asset.body as string, 200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
}

function intParam(c: Context, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ApiError(400, `${name}: a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return n;
}

export function createDashboardApp(deps: DashboardDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const clock = deps.clock ?? Date.now;
  const remoteAddress = deps.remoteAddress ?? socketAddress;
  const root = deps.webRoot ?? WEB_ROOT;

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });

  // Static files are revalidated on every load (no-cache: an upgrade or an edit shows at once)
  // and answered 304 when unchanged, so a returning user does not fetch the chart library again.
  // Text goes out gzipped to a browser that takes it (the chart library: 146 KB → about 50 KB).
  for (const path of ['/', '/vendor/*', '/app/*', '/style.css', '/favicon.svg', '/dashboard/*']) app.use(path, compress());
  for (const path of ['/', '/vendor/*', '/app/*', '/style.css', '/favicon.svg']) app.use(path, etag());
  app.get('/', async (c) => send(c, await webAsset('index.html', root)));
  app.get('/vendor/:name', async (c) => send(c, await vendorAsset(c.req.param('name'))));
  app.get('/app/*', async (c) => send(c, await webAsset(c.req.path, root)));
  app.get('/style.css', async (c) => send(c, await webAsset('style.css', root)));
  app.get('/favicon.svg', async (c) => send(c, await webAsset('favicon.svg', root)));

  const ingressProxy = deps.config.dashboard.ingress_proxy;
  const fromIngress = (c: Context) => ingressProxy !== undefined && plainAddress(remoteAddress(c) ?? '') === ingressProxy;
  const guard = access({ ...deps.config, ingress_proxy: ingressProxy }, remoteAddress);
  app.use('/api/*', guard);
  app.use('/health', guard);
  app.use('/dashboard/*', guard);

  const { trusted } = accessPolicy(deps.config);
  const proxy = proxyToApi({
    apiUrl: deps.apiUrl,
    // The data-api sees this process as its peer: a client that is not local goes on as X-Forwarded-For.
    remoteClient: (c) => {
      if (fromIngress(c)) return null; // a person HA logged in, as if at this machine
      const { address } = clientOf(remoteAddress(c), (name) => c.req.header(name), trusted);
      return isLoopback(address) ? null : (address ?? 'unknown');
    },
  });
  app.all('/api/*', proxy);
  app.get('/health', proxy);

  app.get('/dashboard/home', (c) => {
    const home = deps.storage.home.get();
    const { config } = deps;
    return c.json({
      time_zone: deps.calendar().zone,
      location_name: home.locationName ?? null,
      ha_version: home.haVersion ?? null,
      ha_configured: config.homeassistant.url !== undefined,
      api_url: deps.apiUrl,
      token_configured: config.api.token !== undefined,
      backend: deps.storage.backend,
    });
  });

  app.get('/dashboard/entities', async (c) => {
    const days = intParam(c, 'days', 30, 1, HEATMAP_MAX_DAYS);
    return c.json({ days, entities: await entitySummaries(deps.storage, deps.calendar(), clock(), days) });
  });

  app.get('/dashboard/rhythm', async (c) => {
    const days = intParam(c, 'days', 28, 7, HEATMAP_MAX_DAYS);
    return c.json(await rhythm(deps.storage, deps.calendar(), clock(), days));
  });

  app.get('/dashboard/patterns', async (c) => {
    const limit = intParam(c, 'limit', 20, 1, 500);
    const offset = intParam(c, 'offset', 0, 0, 1_000_000);
    const min = c.req.query('min_confidence');
    const minConfidence = min === undefined || min === '' ? undefined : Number(min);
    if (minConfidence !== undefined && !(minConfidence >= 0 && minConfidence <= 1)) throw new ApiError(400, `min_confidence: a number from 0 to 1, not ${JSON.stringify(min)}`);
    const text = (name: string) => {
      const v = c.req.query(name);
      return v === undefined || v === '' ? undefined : v;
    };
    return c.json(rankedPatterns(deps.storage, { patternType: text('pattern_type'), areaId: text('area_id'), deviceId: text('device_id'), minConfidence }, limit, offset, await entityWords(deps.storage)));
  });

  app.get('/dashboard/heatmap', async (c) => {
    const entityId = c.req.query('entity_id') ?? '';
    if (!ENTITY_ID.test(entityId)) throw new ApiError(400, `entity_id: not an entity id (like light.kitchen): ${JSON.stringify(entityId)}`);
    const days = intParam(c, 'days', 30, 1, HEATMAP_MAX_DAYS);
    const map = await heatmap(deps.storage, deps.calendar(), clock(), entityId, days);
    if (map === null) throw new ApiError(404, `no activity of ${entityId} in Layer 2 for the last ${days} days: it has no active state, or no daily job has run for those days`);
    return c.json(map);
  });

  app.get('/dashboard/suggestions', async (c) => {
    const limit = intParam(c, 'limit', 50, 1, SUGGESTIONS_MAX);
    const show = c.req.query('show') ?? 'new';
    if (!(SHOW as readonly string[]).includes(show)) throw new ApiError(400, `show: one of ${SHOW.join(', ')}, not ${JSON.stringify(show)}`);
    const listed = await listSuggestions(deps.storage, deps.calendar(), clock(), show as Show, limit, detectorSettingsOf(deps.config).overrides.automatedShare);
    return c.json({ types: SUGGESTED_TYPES, show, ...listed });
  });

  app.get('/dashboard/suggestions/fixes', async (c) => c.json({ fixes: await listFixes(deps.storage, deps.calendar(), clock(), detectorSettingsOf(deps.config).overrides) }));

  app.get('/dashboard/suggestions/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id < 1) throw new ApiError(400, `not a pattern id: ${JSON.stringify(c.req.param('id'))}`);
    const pattern = deps.storage.patterns.get(id);
    if (pattern === undefined) throw new ApiError(404, `no pattern with id ${id}`);
    return c.json(suggest(pattern, await homeOf(deps.storage, deps.calendar(), clock(), [pattern])));
  });

  app.notFound((c) => c.json({ error: 'not_found', message: `no such page: ${c.req.method} ${c.req.path} (the dashboard is at /)` }, 404));
  app.onError(errorHandler(deps.log));
  return app;
}
