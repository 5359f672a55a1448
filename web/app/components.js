// @ts-check
/** Small pieces every view uses: loading, errors that say what to do, empty states, badges, entity names. */
import { areaName, nameOf } from './home.js';
import { html } from './lib.js';

export function Loading({ what = 'data' }) {
  return html`<p class="loading" role="status">Loading ${what}…</p>`;
}

/** @param {{ error: import('./api.js').RequestError, what?: string }} props */
export function ErrorNote({ error, what = 'this' }) {
  if (error.unreachable) {
    // the banner at the top says why and what to do; here it would only repeat
    return html`<div class="note error" role="alert"><strong>Cannot load ${what}:</strong> the data-api is not reachable (see the note at the top).</div>`;
  }
  const hint = error.status === 401 || error.status === 403 ? html`<p>Paste the API token on the <a href="#/jobs">Jobs</a> page (it is kept for this browser tab only).</p>` : null;
  return html`<div class="note error" role="alert"><strong>Cannot load ${what} (HTTP ${error.status}).</strong><p>${error.message}</p>${hint}</div>`;
}

/** @param {{ title: string, children?: any }} props */
export function Empty({ title, children }) {
  return html`<div class="note empty"><strong>${title}</strong>${children}</div>`;
}

const STATUS_WORDS = /** @type {Record<string, string>} */ ({ ok: 'OK', degraded: 'Degraded', down: 'Down', disabled: 'Off', success: 'Success', partial: 'Partial', failed: 'Failed', running: 'Running', missing: 'Not set up' });

/** @param {{ status: string }} props */
export function Status({ status }) {
  return html`<span class=${`status status-${status}`}>${STATUS_WORDS[status] ?? status}</span>`;
}

/** A friendly name with its entity id under it, linking to the entity's activity. @param {{ id: string, link?: boolean }} props */
export function EntityName({ id, link = true }) {
  const name = nameOf(id);
  const label = html`<span class="entity"><span class="entity-name">${name}</span>${name !== id ? html` <code class="entity-id">${id}</code>` : null}</span>`;
  return link ? html`<a href=${`#/entities/${encodeURIComponent(id)}`}>${label}</a>` : label;
}

/** @param {{ id: string | null }} props */
export function Area({ id }) {
  return html`<span class="area">${areaName(id)}</span>`;
}

/** A bar from 0 to 1. @param {{ value: number, label: string, warn?: boolean }} props */
export function Meter({ value, label, warn = false }) {
  const pct = Math.max(0, Math.min(1, value)) * 100;
  return html`<span class=${`meter${warn ? ' warn' : ''}`} role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(pct)} aria-label=${label} title=${label}><span class="fill" style=${{ width: `${pct}%` }}></span></span>`;
}
