// @ts-check
/**
 * The dashboard app: loads what every view needs (the home, its entities), routes by the URL's
 * hash (#/patterns?type=…), and says at the top when the data-api is not reachable.
 */
import { request, RequestError, useJson } from './api.js';
import { setZone } from './format.js';
import { home, setEntities } from './home.js';
import { html, render, useEffect, useState } from './lib.js';
import { EntityView, Entities } from './views/entity.js';
import { Jobs } from './views/jobs.js';
import { Overview } from './views/overview.js';
import { PatternDetail } from './views/pattern.js';
import { Patterns } from './views/patterns.js';
import { Suggestions } from './views/suggestions.js';

const NAV = [
  ['#/', 'Overview'],
  ['#/patterns', 'Patterns'],
  ['#/entities', 'Entities'],
  ['#/suggestions', 'Automations'],
  ['#/jobs', 'Jobs'],
];
const HEALTH_POLL_MS = 15_000;

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

/** Whether the data-api answers, checked now and then: the banner at the top. */
function ApiBanner() {
  const [down, setDown] = useState(/** @type {string | null} */ (null));
  useEffect(() => {
    let stopped = false;
    const check = () =>
      request('/health', { accept: [503] }).then(
        () => !stopped && setDown(null),
        (e) => !stopped && setDown(e instanceof RequestError && e.unreachable ? e.message : null),
      );
    void check();
    const timer = setInterval(check, HEALTH_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  if (down === null) return null;
  return html`<div class="banner" role="alert" data-banner="api-down"><strong>The data-api is not reachable, so there is nothing to show.</strong> ${down}</div>`;
}

/** @param {{ route: { path: string[], params: URLSearchParams } }} props */
function Page({ route }) {
  const [first, second] = route.path;
  if (first === 'patterns' && second !== undefined) return html`<${PatternDetail} key=${second} id=${Number(second)} />`;
  if (first === 'patterns') return html`<${Patterns} params=${route.params} navigate=${navigate} />`;
  if (first === 'entities' && second !== undefined) return html`<${EntityView} key=${second} id=${second} params=${route.params} navigate=${navigate} />`;
  if (first === 'entities') return html`<${Entities} />`;
  if (first === 'suggestions') return html`<${Suggestions} />`;
  if (first === 'jobs') return html`<${Jobs} params=${route.params} navigate=${navigate} />`;
  return html`<${Overview} />`;
}

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
  return html`<header class="top">
      <h1><a href="#/">homerhythm</a> <span class="muted">the rhythm of your home</span></h1>
      <nav>${NAV.map(([href, label]) => html`<a href=${href} aria-current=${current === href ? 'page' : undefined}>${label}</a>`)}</nav>
    </header>
    <${ApiBanner} />
    ${info.error && !info.error.unreachable ? html`<div class="banner" role="alert">${info.error.message}</div>` : null}
    <main>${ready ? html`<${Page} route=${route} />` : html`<p class="loading">Loading…</p>`}</main>
    <footer>Everything on this page comes from your own machine${home.info ? ` (data-api ${home.info.api_url}, ${home.info.backend} store)` : ''}.</footer>`;
}

const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(html`<${App} />`, root);
}
