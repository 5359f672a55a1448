/**
 * Changes in the throwaway home, as its people and its automation make them:
 *   - `call_service` over the WebSocket (the owner's context: user_id set): switches toggled,
 *     numbers and the house mode set; the template entities follow;
 *   - the hall motion helper turning on, which fires the automation: the hall light's change
 *     carries the automation's context as parent;
 *   - the power meter set over REST, every third time with the same state and only a new
 *     attribute (an attribute-only change).
 */
import { AUTOMATED, AUTOMATION_TRIGGER, HOUSE_MODES, POWER_METER, SWITCHES } from './config.js';
import type { HomeAssistant } from './home-assistant.js';
import type { HaSocket } from './socket.js';

export interface DriveOptions {
  /** Steps to take (each is one or two state changes, plus what follows them). */
  readonly steps: number;
  /** Spread them over about this long. */
  readonly durationMs: number;
  readonly seed?: number;
  /** Stop early when this says so (checked before each step). */
  readonly stop?: () => boolean;
  /** A step that fails (HA restarting) is skipped and counted instead of thrown, when set. */
  readonly tolerateErrors?: boolean;
}

export interface DriveReport {
  readonly steps: number;
  readonly failed: number;
}

/** A small deterministic generator (the same seed drives the same home). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function drive(ha: HomeAssistant, socket: () => HaSocket, options: DriveOptions): Promise<DriveReport> {
  const next = random(options.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const pause = options.durationMs / options.steps;
  let power = 100;
  let failed = 0;
  let steps = 0;
  const started = Date.now();
  for (let i = 0; i < options.steps && options.stop?.() !== true; i++) {
    const r = next();
    try {
      if (r < 0.5) {
        await socket().callService('input_boolean', 'toggle', { entity_id: pick(SWITCHES) });
      } else if (r < 0.6) {
        // motion on fires the automation (hall light on); both off again by hand
        await socket().callService('input_boolean', 'turn_on', { entity_id: AUTOMATION_TRIGGER });
        await new Promise((res) => setTimeout(res, 20));
        await socket().callService('input_boolean', 'turn_off', { entity_id: [AUTOMATION_TRIGGER, AUTOMATED] });
      } else if (r < 0.7) {
        await socket().callService('input_number', 'set_value', { entity_id: pick(['input_number.outdoor_temperature', 'input_number.thermostat']) }, { value: Math.round(next() * 50) / 2 + 5 });
      } else if (r < 0.75) {
        await socket().callService('input_select', 'select_option', { entity_id: 'input_select.house_mode' }, { option: pick(HOUSE_MODES) });
      } else {
        const attributeOnly = i % 3 === 0;
        if (!attributeOnly) power = Math.round(next() * 3000);
        await ha.rest('POST', `/api/states/${POWER_METER}`, { state: String(power), attributes: { unit_of_measurement: 'W', friendly_name: 'power meter', reading: i } });
      }
      steps++;
    } catch (error) {
      if (options.tolerateErrors !== true) throw error;
      failed++;
    }
    const due = started + (i + 1) * pause;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  }
  return { steps, failed };
}
