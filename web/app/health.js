// @ts-check
/**
 * /health, asked once per view and then every 15 s, shared by everything that shows it (the
 * "not reachable" banner, the overview's strip, the system page's cards): one request, not one
 * per component.
 */
import { request, RequestError } from './api.js';
import { useEffect, useState } from './lib.js';

const POLL_MS = 15_000;

/** @typedef {{ status: string, message?: string, details?: Record<string, any> }} Component */
/** @typedef {{ data: { status: string, components: Record<string, Component> } | null, error: RequestError | null, loading: boolean }} HealthState */

/** @type {HealthState} */
let state = { data: null, error: null, loading: true };
/** @type {Set<(s: HealthState) => void>} */
const listeners = new Set();
/** @type {ReturnType<typeof setInterval> | null} */
let timer = null;
let inFlight = false;

async function check() {
  if (inFlight) return;
  inFlight = true;
  try {
    const data = await request('/health', { accept: [503] });
    state = { data, error: null, loading: false };
  } catch (e) {
    state = { data: null, error: e instanceof RequestError ? e : new RequestError(0, 'error', String(e)), loading: false };
  } finally {
    inFlight = false;
  }
  for (const l of listeners) l(state);
}

/** The latest /health answer; the first subscriber starts the polling, the last one stops it. */
export function useHealth() {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    if (timer === null) {
      void check();
      timer = setInterval(check, POLL_MS);
    } else setS(state);
    return () => {
      listeners.delete(setS);
      if (listeners.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return s;
}
