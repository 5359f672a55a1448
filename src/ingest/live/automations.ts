/**
 * Home Assistant's own automations, mirrored into Layer 4: on every (re)connect, and again after
 * HA reloads its automations (each save in the automation editor does) or one appears or goes.
 * The `automation.*` states give the list (YAML automations without an id included), and
 * `automation/config` each one's triggers and actions, so the suggestions can say which existing
 * automation already does what they would.
 */
import * as messages from '../../ha/messages.js';
import type { Command } from '../../ha/types.js';
import type { HaAutomationRow, HaAutomationStore } from '../../storage/types.js';

/** Several reloads in a burst (saving twice, a package reload) make one read. */
export const AUTOMATIONS_REFRESH_DEBOUNCE_MS = 1_000;

interface WireState {
  readonly entity_id?: unknown;
  readonly state?: unknown;
  readonly attributes?: { readonly id?: unknown; readonly friendly_name?: unknown };
}

/** Reads every automation of HA: its state from `get_states`, its configuration one by one. */
export async function readAutomations(command: <T>(message: Command) => Promise<T>): Promise<HaAutomationRow[]> {
  const states = await command<WireState[]>(messages.getStates());
  const rows: HaAutomationRow[] = [];
  for (const s of Array.isArray(states) ? states : []) {
    if (typeof s.entity_id !== 'string' || !s.entity_id.startsWith('automation.')) continue;
    let config: Record<string, unknown> | null = null;
    try {
      const answer = await command<{ config?: unknown }>(messages.automationConfig(s.entity_id));
      if (answer !== null && typeof answer.config === 'object' && answer.config !== null) config = answer.config as Record<string, unknown>;
    } catch {
      // An automation HA cannot describe (one being set up, or an old HA): listed without its configuration.
    }
    const id = s.attributes?.id;
    const name = s.attributes?.friendly_name;
    rows.push({
      entity_id: s.entity_id,
      automation_id: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
      alias: typeof config?.['alias'] === 'string' ? config['alias'] : typeof name === 'string' ? name : s.entity_id,
      state: typeof s.state === 'string' ? s.state : 'unknown',
      config,
    });
  }
  return rows;
}

/** Keeps Layer 4's copy of HA's automations current; a failed read keeps the last copy. */
export class AutomationMirror {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: HaAutomationStore,
    private readonly command: <T>(message: Command) => Promise<T>,
    private readonly onError: (error: unknown) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Reads them now (one read at a time: a second call waits for the first). */
  refresh(): Promise<void> {
    this.running ??= readAutomations(this.command)
      .then((rows) => this.store.replaceAll(rows, this.clock()))
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Reads them soon: after a reload, or when an automation entity appears or goes. */
  changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), AUTOMATIONS_REFRESH_DEBOUNCE_MS);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** Whether a state_changed event means the set of automations changed: one was created or removed. */
export function isAutomationAddedOrRemoved(raw: unknown): boolean {
  const data = (raw as { data?: { entity_id?: unknown; old_state?: unknown; new_state?: unknown } } | null)?.data;
  if (typeof data?.entity_id !== 'string' || !data.entity_id.startsWith('automation.')) return false;
  return data.old_state === null || data.new_state === null;
}
