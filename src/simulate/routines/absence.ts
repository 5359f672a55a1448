/**
 * The messy home's episodes (mess.ts), applied last, after every routine planned its day:
 * - absence: both leave through the front door, everything is switched off, and until they come
 *   back nothing happens but what needs no one home (numeric sensors, sun, weather, the outdoor
 *   temperature, the thermostat);
 * - stuck: the window contact reports open at the start and nothing until the end of the week;
 * - silent: the guest room motion sensor reports nothing for days (after `unavailable`, or not).
 * Changes are removed by their time, whichever day planned them, so a run that crosses midnight
 * into an episode is cut too.
 */
import { isActivatable } from '../../events/activity.js';
import { HOME, type EntityInfo } from '../home.js';
import type { Episode } from '../mess.js';
import { activeStates, type DayPlan } from '../plan.js';
import { passage } from './entrance.js';
import type { RoutineModule } from './routine.js';

/** Leaving takes at most this long (lock, door, entrance light, phones leaving the zone); then it is quiet. */
export const LEAVING_MINUTES = 10;
const PEOPLE = ['person.anna', 'person.ben'];

/** What keeps reporting while nobody is home. */
export function runsWithoutAnyone(entity: EntityInfo): boolean {
  return entity.role === 'numeric' || entity.role === 'context' || entity.id === 'climate.living_room';
}

export const absence: RoutineModule = {
  id: 'episodes',
  kind: 'anomaly',
  description: 'A messy home: both away for 42–50 h, a window contact stuck open for 7 days, a motion sensor silent for ~4 days, a weekday holiday.',
  entities: ['home', 'binary_sensor.bedroom_window', 'binary_sensor.guest_room_motion'],
  parameters: {},
  messyOnly: true,
  create: () => ({
    plan(plan: DayPlan) {
      const m = plan.mess;
      if (m === null) return;
      const { day } = plan;
      const inDay = (t: number) => t >= day.start && t < day.end;
      const mine = (e: Episode) => (id: string) => id === e.entityId;
      if (m.stuck) cut(plan, m.stuck.from, m.stuck.to, mine(m.stuck));
      if (m.silent) cut(plan, m.silent.from, m.silent.to, mine(m.silent));
      if (m.absence) {
        const { from, to } = m.absence;
        // A sensor already stuck or silent when everybody leaves stays that way (mess.ts keeps the
        // episodes apart, but a longer simulation's truth must not depend on it).
        const overlaps = (e: Episode | undefined) => e !== undefined && e.from < to && e.to > from;
        const episodeEntities = new Set([m.stuck, m.silent].filter(overlaps).map((e) => e!.entityId));
        const quiet = (id: string) => !episodeEntities.has(id) && !runsWithoutAnyone(HOME.find((e) => e.id === id)!);
        cut(plan, from, to, quiet); // before the leaving passage is added: it stays
        const rng = plan.random('absence');
        if (inDay(from)) {
          // Everything off before the door closes; the lock and the phones follow the passage.
          for (const entity of HOME) {
            if (!quiet(entity.id) || !isActivatable(entity.domain) || entity.domain === 'lock' || entity.domain === 'person') continue;
            plan.set(entity.id, from, activeStates(entity.id)[1], 'person');
          }
          passage(plan, rng, from, { lock: true, leaving: PEOPLE });
        }
        if (inDay(to)) passage(plan, rng, to, { lock: true, arriving: PEOPLE });
      }
      if (m.stuck && inDay(m.stuck.from)) plan.set(m.stuck.entityId, m.stuck.from, 'on', 'system');
      if (m.stuck && inDay(m.stuck.to)) plan.set(m.stuck.entityId, m.stuck.to, 'off', 'system');
      if (m.silent && inDay(m.silent.from)) plan.set(m.silent.entityId, m.silent.from, m.silent.how === 'unavailable' ? 'unavailable' : 'off', 'system');
    },
  }),
  truth(t) {
    const a = t.mess?.absence;
    if (a === undefined) return;
    // Nobody home: every routine's count is low those days, far below its own normal for the busy
    // entities — produced by the mechanism and within the count contract, but the home_quiet
    // episode is the news: optional (policy.ts).
    t.allow('anomaly', { source: 'implied', routine: 'episodes', date: a.date, date_to: a.dateTo, kind: 'count_low', note: 'nobody home' });
  },
};

/** Removes the changes and dropouts of matching entities inside [from, to). */
function cut(plan: DayPlan, from: number, to: number, matches: (entityId: string) => boolean): void {
  const keep = plan.changes.filter((c) => !(c.time >= from && c.time < to && matches(c.entity.id)));
  plan.changes.length = 0;
  plan.changes.push(...keep);
  const dropouts = plan.dropouts.filter((d) => !(d.end > from && d.start < to && matches(d.entity.id)));
  plan.dropouts.length = 0;
  plan.dropouts.push(...dropouts);
}
