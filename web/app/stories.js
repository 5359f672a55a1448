// @ts-check
/**
 * Unusual days as stories, without the page: what happened split from what is usual, and the
 * anomalies one cause explains grouped under it (a quiet home takes in its quiet lights and
 * silent sensors; one entity's news on one day is one story). No DOM, so tests run it in Node.
 */
import { nameOf } from './home.js';

/** @typedef {{ id: number, day: string, kind: string, device_id: string, area_id: string | null, surprise: number, phase: string | null, start_day: string | null, usual: Record<string, unknown>, observed: Record<string, unknown>, description: string }} Anomaly */
/** @typedef {{ lead: Anomaly, also: Anomaly[] }} Story */

export const KIND_WORDS = /** @type {Record<string, string>} */ ({
  count_high: 'Used more than usual',
  count_low: 'Used less than usual',
  hour: 'Used at an odd hour',
  duration: 'On for longer than usual',
  home_quiet: 'A quiet home',
  stuck: 'A sensor stuck',
  silent: 'A sensor gone silent',
});

/** Replaces entity ids by friendly names. @param {string} text */
export const named = (text) => text.replace(/\b[a-z_]+\.[a-z0-9_]+\b/g, (id) => nameOf(id));

/** "what happened" and "what is usual", from the sentence the data-api words. @param {string} description */
export function splitUsual(description) {
  const at = description.indexOf('; ');
  if (at < 0) return { happened: named(description), usual: null };
  return { happened: named(description.slice(0, at)), usual: named(description.slice(at + 2)) };
}

const EPISODES = new Set(['home_quiet']);
const EXPLAINED_BY_QUIET = new Set(['count_low', 'silent', 'hour']);

/**
 * Groups anomalies (newest day first) into stories: a quiet home takes in the "less than usual"
 * and "silent" news of its days; one entity's news on one day is one story.
 * @param {Anomaly[]} anomalies
 * @returns {Story[]}
 */
export function stories(anomalies) {
  /** @type {Story[]} */
  const out = [];
  const quiet = anomalies.filter((a) => EPISODES.has(a.kind));
  /** @type {Map<string, Story>} */
  const byEntityDay = new Map();
  for (const q of quiet) out.push({ lead: q, also: [] });
  for (const a of anomalies) {
    if (EPISODES.has(a.kind)) continue;
    const cause = quiet.find((q) => EXPLAINED_BY_QUIET.has(a.kind) && a.day >= (q.start_day ?? q.day) && a.day <= q.day);
    if (cause !== undefined) {
      out.find((s) => s.lead === cause)?.also.push(a);
      continue;
    }
    const key = `${a.day} ${a.device_id}`;
    const story = byEntityDay.get(key);
    if (story !== undefined) story.also.push(a);
    else {
      const s = { lead: a, also: [] };
      byEntityDay.set(key, s);
      out.push(s);
    }
  }
  return out.sort((x, y) => (y.lead.day > x.lead.day ? 1 : y.lead.day < x.lead.day ? -1 : y.lead.surprise - x.lead.surprise));
}
