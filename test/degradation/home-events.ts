/** State changes fired by the HA double's home, and the Layer 1 keys they must end up as. */
import type { HaDouble } from '../ha-double/server.js';

export function homeEvents(double: HaDouble, attributes: (seq: number) => Record<string, unknown> = (seq) => ({ seq })) {
  const entities = [...double.home.states.keys()];
  const initial = double.home.recorded.length;
  let seq = 0;
  return {
    /** Toggles the next `n` entities in turn. */
    emit(n: number): void {
      for (const end = seq + n; seq < end; seq++) {
        const id = entities[seq % entities.length]!;
        double.home.setState(id, double.home.states.get(id)!.state === 'on' ? 'off' : 'on', attributes(seq));
      }
    },
    /** `entity@µs` of every state recorded since this started: what Layer 1 must hold, once each (HA's key, to the microsecond). */
    expected(): string[] {
      return double.home.recorded.slice(initial).map((s) => `${s.entity_id}@${s.last_updated_us}`);
    },
  };
}
