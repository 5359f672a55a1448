// @ts-check
/**
 * The dashboard app: loads what every view needs (the home, its entities), routes by the URL's
 * hash (#/patterns?type=…), loads each view's code when it is first opened (the chart library
 * only comes with the views that draw), and says at the top when the data-api is not reachable.
 */
import { RequestError, useJson } from './api.js';
import { setZone } from './format.js';
import { useHealth } from './health.js';
import { home, setEntities } from './home.js';
import { html, render, useEffect, useRef, useState } from './lib.js';
import { VIEW_MODULES } from './view-modules.js';

const NAV = [
  ['#/', 'Overview'],
  ['#/patterns', 'Patterns'],
  ['#/entities', 'Entities'],
  ['#/suggestions', 'Automations'],
  ['#/jobs', 'System'],
];

/** Each view's module, loaded on demand (with its own imports, all at once) and kept. */
const VIEWS = /** @type {Record<string, () => Promise<Record<string, any>>>} */ (
  Object.fromEntries(Object.entries(VIEW_MODULES).map(([name, [view = '', ...deps]]) => [name, () => Promise.all([import(view), ...deps.map((d) => import(d))]).then(([m]) => m)]))
);
/** @type {Map<string, Record<string, any>>} */
const loaded = new Map();

/** @returns {{ path: string[], params: URLSearchParams }} */
function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return { path: path.split('/').filter((s) => s !== '').map(decodeURIComponent), params: new URLSearchParams(search) };
}

/** @param {string} hash */
const navigate = (hash) => {
  location.hash = hash;
};

function useRoute() {
  const [route, setRoute] = useState(parseHash());
  useEffect(() => {
    const onChange = () => setRoute(parseHash());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** The view module `name`, once loaded. @param {string} name */
function useView(name) {
  const [, setTick] = useState(0);
  const [error, setError] = useState(/** @type {string | null} */ (null));
  const ready = loaded.has(name);
  useEffect(() => {
    if (ready) return;
    // (also when the first view's early load finished between the render and now: import() gives the same module)
    VIEWS[name]?.().then(
      (m) => {
        loaded.set(name, m);
        setTick((t) => t + 1);
      },
      (e) => setError(String(e)),
    );
  }, [name, ready]);
  return { module: loaded.get(name) ?? null, error };
}

/** Whether the data-api answers: the banner at the top (from the shared /health answer). */
function ApiBanner() {
  const health = useHealth();
  const e = health.error;
  if (!(e instanceof RequestError && e.unreachable)) return null;
  return html`<div class="banner" role="alert" data-banner="api-down"><strong>The data-api is not reachable, so there is nothing to show.</strong> ${e.message}</div>`;
}

/** Which view module a route needs. @param {{ path: string[] }} route */
function viewOf(route) {
  const [first, second] = route.path;
  return first === 'patterns' && second !== undefined ? 'pattern' : first === 'patterns' || first === 'entities' || first === 'suggestions' || first === 'jobs' ? first : 'overview';
}

/** @param {{ route: { path: string[], params: URLSearchParams } }} props */
function Page({ route }) {
  const second = route.path[1];
  const name = viewOf(route);
  const { module: m, error } = useView(name);
  if (error !== null) return html`<div class="note error" role="alert"><strong>This page could not be loaded.</strong><p>${error}</p><p>Reload the page; if it stays, is the dashboard still running?</p></div>`;
  if (m === null) return html`<p class="loading" role="status">Loading…</p>`;
  if (name === 'pattern') return html`<${m['PatternDetail']} key=${second} id=${Number(second)} />`;
  if (name === 'patterns') return html`<${m['Patterns']} params=${route.params} navigate=${navigate} />`;
  if (name === 'entities' && second !== undefined) return html`<${m['EntityView']} key=${second} id=${second} params=${route.params} navigate=${navigate} />`;
  if (name === 'entities') return html`<${m['Entities']} />`;
  if (name === 'suggestions') return html`<${m['Suggestions']} />`;
  if (name === 'jobs') return html`<${m['Jobs']} params=${route.params} navigate=${navigate} />`;
  return html`<${m['Overview']} />`;
}

/** Moves focus to the page's content: the skip link, and a new page after a menu choice. */
function focusMain() {
  const main = document.getElementById('main');
  main?.focus({ preventScroll: false });
}

/**
 * The page is mounted at once, hidden until the home and its entities are in: its own requests
 * go out beside those two, not after them; it shows with the home's names and time zone.
 */
function App() {
  const route = useRoute();
  const info = useJson('/dashboard/home');
  const entities = useJson('/dashboard/entities?days=30');
  const ready = !info.loading && !entities.loading;
  if (info.data) {
    home.info = info.data;
    setZone(info.data.time_zone);
  }
  if (entities.data) setEntities(entities.data.entities);
  const current = `#/${route.path[0] ?? ''}`;
  // a new page (not a filter change on the same one) starts at its top, with focus there
  const page = route.path.join('/');
  const last = useRef(page);
  useEffect(() => {
    if (last.current === page) return;
    last.current = page;
    scrollTo(0, 0);
  }, [page]);
  return html`<a class="skip" href="#main" onClick=${(/** @type {Event} */ e) => {
      e.preventDefault();
      focusMain();
    }}>Skip to the content</a>
    <header class="top">
      <h1 class="brand"><a href="#/">homerhythm</a> <span class="tagline">the rhythm of your home</span></h1>
      <nav aria-label="Views">${NAV.map(([href, label]) => html`<a href=${href} aria-current=${current === href ? 'page' : undefined}>${label}</a>`)}</nav>
    </header>
    <${ApiBanner} />
    ${info.error && !info.error.unreachable ? html`<div class="banner" role="alert">${info.error.message}</div>` : null}
    <main id="main" tabindex="-1">
      ${ready ? null : html`<p class="loading" role="status">Loading…</p>`}
      <div class="page" hidden=${!ready}><${Page} route=${route} /></div>
    </main>
    <footer>Everything on this page comes from your own machine${home.info ? ` (data-api ${home.info.api_url}, ${home.info.backend} store)` : ''}.</footer>`;
}

// the first view's code loads while the home and its entities do, not after them
const firstView = viewOf(parseHash());
VIEWS[firstView]?.().then((m) => loaded.set(firstView, m), () => undefined);

// inside HA (ingress frames the page from HA's origin): HA's theme, in while the home's data loads;
// opened on its own, nothing more to fetch
if (window.parent !== window) import('./theme.js').then((m) => m.followHomeAssistant(), () => undefined);

const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
