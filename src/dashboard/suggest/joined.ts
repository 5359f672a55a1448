/**
 * One automation for a routine that starts two ways: when its first step turns on (a chain's or a
 * pair's state trigger), and by the clock (that step's own clock time, or another step of the same
 * room the same morning). Each trigger is named, and one `choose` acts by the one that fired:
 *   - at a clock time: that entity on, and when it is the chain's first step, the rest of the chain
 *     too (the state change it makes fires this automation again while it runs, and mode `single`
 *     drops that run: silently, since this run already does the rest);
 *   - when the first step turns on: the rest, as the chain alone would.
 * Each clock keeps its own weekday condition inside its option, so the state trigger is not
 * limited to the clock's days, and a clock firing on another day does nothing.
 */
import type { Action, Automation, Condition } from './automation.js';

/** The id of the state trigger(s) of the chain or pair. */
export const WHEN_ID = 'when';

const atId = (at: string) => `at_${at.slice(0, 5).replace(':', '')}`;

/** The entity an automation made of one step switches (its first action's target). */
const target = (a: Automation): string | undefined => {
  const first = a.actions[0];
  return first !== undefined && 'target' in first ? first.target.entity_id : undefined;
};

/** `then`: the chain's or pair's automation; `clocks`: the clock-time automations joined to it. */
export function joinClocks(then: Automation, clocks: readonly Automation[]): Automation {
  if (clocks.length === 0) return then;
  const firstStep = then.triggers.find((t) => t.trigger === 'state')?.entity_id;
  const used = new Set<string>([WHEN_ID]);
  const options: Array<{ readonly conditions: readonly Condition[]; readonly sequence: readonly Action[] }> = [];
  const triggers: Array<Automation['triggers'][number]> = [];
  for (const clock of clocks) {
    for (const t of clock.triggers) {
      const base = t.trigger === 'time' ? atId(t.at) : 'clock';
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
      used.add(id);
      triggers.push({ ...t, id });
      const rest = target(clock) === firstStep ? then.actions : [];
      options.push({ conditions: [{ condition: 'trigger', id }, ...clock.conditions], sequence: [...clock.actions, ...rest] });
    }
  }
  options.push({ conditions: [{ condition: 'trigger', id: WHEN_ID }, ...then.conditions], sequence: then.actions });
  return {
    alias: [then.alias, ...clocks.map((c) => c.alias)].join('; '),
    description: [then.description, ...clocks.map((c) => c.description)].join(' '),
    mode: 'single',
    max_exceeded: 'silent',
    triggers: [...triggers, ...then.triggers.map((t) => ({ ...t, id: WHEN_ID }))],
    conditions: [],
    actions: [{ choose: options }],
  };
}
