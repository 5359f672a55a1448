/**
 * Lights that follow the sun: the garden path lights come on at sunset by automation (the planted
 * sun context), and the living-room floor lamp 10–25 minutes later by hand. As the days shorten
 * or lengthen, both move month by month (the planted daylight-linked seasonal drift). sun.sun
 * itself (sky.ts) changes to below_horizon at the same sunset.
 */
import { MINUTE, SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import { declare, inWindow, MIN_SUPPORT, mid, round, type Range, type RoutineModule, type TruthBuilder } from './routine.js';
import { byMargin, CONTRACT, level } from '../policy.js';
import { EVENING } from './evening.js';
import { withAttributes } from '../attributes.js';
import { entityInfo } from '../home.js';

export const SUNSET = {
  gardenAfterSeconds: [0, 120] as Range,
  gardenOffMinute: 23 * 60 + 15,
  lampAfterMinutes: [10, 25] as Range,
  lampProbability: 0.9,
};

export const sunset: RoutineModule = {
  id: 'sunset_lights',
  kind: 'contextual',
  kinds: ['contextual', 'seasonal'],
  description: 'Garden path lights at sunset (automation, off 23:15); the floor lamp 10–25 min after sunset (by hand, off at bedtime; not when sunset comes after bedtime).',
  entities: ['light.garden_path', 'light.living_room_lamp', 'sun.sun'],
  parameters: SUNSET,
  create: () => ({
    plan(plan: DayPlan) {
      const rng = plan.random('sunset_lights');
      const sun = plan.context.sun(plan.day);
      if (sun.sunset === null) return;
      const off = plan.at(SUNSET.gardenOffMinute + rng.between(0, 0.5));
      const on = sun.sunset + rng.between(...SUNSET.gardenAfterSeconds) * SECOND;
      if (on < off) {
        plan.set('light.garden_path', on, 'on', 'automation');
        plan.set('light.garden_path', off, 'off', 'automation');
        plan.journal.add('occurred:garden_path');
        plan.occurred('sunset_lights');
      }
      // The lamp burns until bedtime; on a summer evening that begins after bedtime it stays off.
      const bedtime = plan.anchors.bedtime ?? plan.at(22 * 60 + 30);
      const t = sun.sunset + rng.between(...SUNSET.lampAfterMinutes) * MINUTE;
      if (rng.chance(SUNSET.lampProbability) && t < bedtime - 15 * MINUTE) {
        const lamp = entityInfo('light.living_room_lamp');
        plan.set(lamp.id, t, 'on', 'person', withAttributes(lamp, 'on', { brightness: rng.int(150, 255) }));
        // Dimmed later in the evening: an attribute-only change.
        const dim = t + rng.between(30, 120) * MINUTE;
        if (dim < bedtime - MINUTE) plan.set(lamp.id, dim, 'on', 'person', withAttributes(lamp, 'on', { brightness: rng.int(60, 140) }));
        plan.set(lamp.id, bedtime, 'off', 'person');
        plan.journal.add('occurred:floor_lamp');
      } else if (t < bedtime - 15 * MINUTE) {
        plan.skipped(['light.living_room_lamp']);
      }
    },
  }),
  truth(t) {
    const routine = 'sunset_lights';
    const garden = inWindow(t, t.journal.count('occurred:garden_path'));
    const lamp = inWindow(t, t.journal.count('occurred:floor_lamp'));
    // Every activation follows sunset (0–2 min, 10–25 min): a share of 1 below the horizon.
    declare(t, garden >= MIN_SUPPORT ? level(1, garden, 0.5) : 'optional', 'contextual', {
      source: 'planted', routine, entity_id: 'light.garden_path', context: 'sun', condition: 'below_horizon',
      context_entities: ['sun.sun'], detail: { after_sunset_seconds: SUNSET.gardenAfterSeconds, off_minute: SUNSET.gardenOffMinute },
    });
    declare(t, lamp >= MIN_SUPPORT ? level(1, lamp, 0.5) : 'optional', 'contextual', {
      source: 'implied', routine, entity_id: 'light.living_room_lamp', context: 'sun', condition: 'below_horizon',
      context_entities: ['sun.sun'], detail: { after_sunset_minutes: SUNSET.lampAfterMinutes },
    });
    const months = sunsetMonths(t);
    const two = months.length >= 2;
    const first = months[0]?.value;
    const last = months[months.length - 1]?.value;
    // Time: the first activation moves with sunset, against minTimeShiftMinutes 20.
    const shift = two ? Math.abs(last! - first!) : 0;
    const timeLevel = two ? byMargin(shift, CONTRACT.seasonal.minTimeShiftMinutes) : 'optional';
    declare(t, timeLevel, 'seasonal', {
      source: 'planted', routine, entity_id: 'light.garden_path', aspect: 'time', trend: 'follows_daylight', linked_to_daylight: true,
      monthly: months.map((m) => ({ ...m, value: round(m.value + mid(SUNSET.gardenAfterSeconds) / 60, 1) })),
    });
    declare(t, timeLevel, 'seasonal', {
      source: 'implied', routine, entity_id: 'light.living_room_lamp', aspect: 'time', trend: 'follows_daylight', linked_to_daylight: true,
      monthly: months.map((m) => ({ ...m, value: round(m.value + mid(SUNSET.lampAfterMinutes), 1) })),
    });
    // Duration: on from sunset to a fixed 23:15 (garden) or to bedtime (~22:05, lamp): the
    // relative change of the planned monthly mean against minRelativeChange 0.25.
    const bedtime = EVENING.tvProbability * (mid(EVENING.tvWindow) + EVENING.tvMinutes + mid(EVENING.bedtimeAfterTvMinutes)) + (1 - EVENING.tvProbability) * mid(EVENING.bedtimeWithoutTv);
    const durations: Record<string, (sunset: number) => number> = {
      'light.garden_path': (sunset) => SUNSET.gardenOffMinute - sunset - mid(SUNSET.gardenAfterSeconds) / 60,
      'light.living_room_lamp': (sunset) => bedtime - sunset - mid(SUNSET.lampAfterMinutes),
    };
    const tolerated = { source: 'tolerated' as const, routine };
    for (const [entity_id, onFor] of Object.entries(durations)) {
      const monthly = months.map((m) => ({ ...m, value: round(onFor(m.value) * 60) }));
      const change = two ? Math.abs(monthly[monthly.length - 1]!.value - monthly[0]!.value) / monthly[0]!.value : 0;
      declare(t, two ? byMargin(change, CONTRACT.seasonal.minRelativeChange) : 'optional', 'seasonal', {
        source: 'implied', routine, entity_id, aspect: 'duration', trend: 'follows_daylight', linked_to_daylight: true, monthly,
      }, 'on from sunset to a fixed time: its duration follows daylight');
      // Sunset moves up to ~2 min a day (and an hour at the clock change): over a few weeks it
      // may still look like a fixed time — never within ±10 min on 75 % of a 30-day window.
      t.tolerate('time_based', { ...tolerated, entity_id, note: 'follows sunset: may look like a fixed time over a few weeks, at any time sunset has' });
      // An on-time that drifts with sunset: seasonal's, not duration's.
      t.tolerate('duration', { ...tolerated, entity_id });
      // Once a day in every month: no change in amount.
      t.tolerate('seasonal', { ...tolerated, entity_id, note: 'how often: once a day in every month' });
      t.tolerate('anomaly', { ...tolerated, date: null, entity_id, kind: 'duration', note: 'on from sunset to a fixed time: a short summer evening may stand out against the weeks before' });
      t.tolerate('session', { ...tolerated, start_minute: first === undefined ? undefined : Math.round(first), areas: ['garden', 'living_room'], note: 'sunset' });
    }
    t.tolerate('co_occurrence', { ...tolerated, a: 'light.garden_path', b: 'light.living_room_lamp', note: 'both follow sunset' });
  },
};

/** Mean local minute of sunset per simulated month with at least 7 simulated days. */
function sunsetMonths(t: TruthBuilder): { month: string; value: number; days: number }[] {
  const sums = new Map<string, { sum: number; days: number }>();
  for (const day of t.days) {
    const sunsetAt = t.context.sun(day).sunset;
    if (sunsetAt === null) continue;
    const month = day.key.slice(0, 7);
    const entry = sums.get(month) ?? { sum: 0, days: 0 };
    entry.sum += t.clock.minuteOf(sunsetAt);
    entry.days += 1;
    sums.set(month, entry);
  }
  return [...sums].filter(([, e]) => e.days >= 7).map(([month, e]) => ({ month, value: round(e.sum / e.days, 1), days: e.days }));
}
