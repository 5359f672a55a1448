// @ts-check
/**
 * "Unusual days": the recent anomalies, newest day first, each with the sentence saying why (the
 * data-api ranks and words them). Kept minimal: the dashboard's redesign will place it.
 */
import { useJson } from '../api.js';
import { html } from '../lib.js';

/** @typedef {{ id: number, day: string, kind: string, device_id: string, surprise: number, description: string }} Anomaly */

export function UnusualDays() {
  const list = useJson('/api/v1/anomalies?since=-14d&limit=10');
  /** @type {Anomaly[]} */
  const anomalies = list.data?.anomalies ?? [];
  if (list.error || anomalies.length === 0) return null;
  return html`<section class="unusual-days" data-view="unusual-days">
    <h3>Unusual days</h3>
    <ul class="anomalies">
      ${anomalies.map((a) => html`<li key=${a.id} data-kind=${a.kind}><a href=${`#/patterns/${a.id}`}>${a.description}</a></li>`)}
    </ul>
  </section>`;
}
