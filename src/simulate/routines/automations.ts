/**
 * Home Assistant's own automations in the messy home, as HA shows them: each is an `automation.*`
 * entity whose state HA writes with `last_triggered` set when a run starts (and again with
 * `current: 0` when it ends); the run's action follows within a second, its context carrying the
 * run's as parent (cause `automation`). Planned after every other routine and the episodes, so a
 * run is written for each automated change that really happened (nothing runs while an episode
 * cut it).
 *
 * Two things are planted here:
 * - the runs of the automations that already do the home's automated routines (irrigation, towel
 *   warmer, dishwasher, garden path lights, robot vacuum, dehumidifier): a user's "already
 *   automated", named after the automation;
 * - one automation people undo (issue 15's "automations to fix"): the landing light comes on at
 *   21:00 by automation, and on most evenings someone switches it off by hand within 2–6 minutes,
 *   the TV still on; otherwise it burns until someone switches it off 45–90 minutes later.
 *
 * `HA_AUTOMATIONS` is what HA's config API would return for them (the 2024.10+ spelling), for
 * whoever plays HA's side; `SUGGESTION_TRUTH` is what a user must be shown, declared from the
 * simulator's own parameters before any detector runs.
 */
import { MINUTE } from '../clock.js';
import { activeStates, type DayPlan } from '../plan.js';
import { EVENING } from './evening.js';
import { MORNING } from './morning.js';
import { declare, inWindow, MIN_SUPPORT, mid, type Range, type RoutineModule } from './routine.js';
import { byMargin, CONTRACT, durationLevel, level, sessionLevel, timeLevel, uniform } from '../policy.js';

export const OVERRIDE = {
  entity: 'light.landing',
  automation: 'automation.landing_light',
  minute: 21 * 60,
  /** Share of the automation's runs a person undoes, and how soon. */
  undoProbability: 0.7,
  undoAfterMinutes: [2, 6] as Range,
  /** When nobody undoes it: switched off by hand this much later. */
  keptMinutes: [45, 90] as Range,
  /** The run's action follows its start by this much (ms). */
  actionAfterMs: [30, 400] as Range,
};

export interface SimAutomation {
  readonly entity_id: string;
  /** The `id` in automations.yaml. */
  readonly automation_id: string;
  readonly alias: string;
  /** The entity its actions switch. */
  readonly target: string;
  /** Whether its switching off is a run of its own (a trigger of its own); otherwise a delay in the same run, or not the automation's. */
  readonly offIsRun: boolean;
  readonly config: Readonly<Record<string, unknown>>;
}

const turn = (service: string, entity: string) => ({ action: service, target: { entity_id: entity }, metadata: {}, data: {} });
const domain = (entity: string) => entity.slice(0, entity.indexOf('.'));
const on = (entity: string) => turn(`${domain(entity) === 'vacuum' ? 'vacuum.start' : `${domain(entity)}.turn_on`}`, entity);
const off = (entity: string) => turn(`${domain(entity)}.turn_off`, entity);

function automation(entity_id: string, automation_id: string, alias: string, target: string, offIsRun: boolean, config: Record<string, unknown>): SimAutomation {
  return { entity_id, automation_id, alias, target, offIsRun, config: { id: automation_id, alias, description: '', mode: 'single', ...config } };
}

/** The home's automations, by the entity each switches. */
export const HA_AUTOMATIONS: readonly SimAutomation[] = [
  automation('automation.garden_irrigation', '1731400000001', 'Garden irrigation at 05:15', 'switch.garden_irrigation', false, {
    triggers: [{ trigger: 'time', at: '05:15:00' }], conditions: [], actions: [on('switch.garden_irrigation'), { delay: { minutes: 20 } }, off('switch.garden_irrigation')],
  }),
  automation('automation.towel_warmer', '1731400000002', 'Towel warmer after lunch', 'switch.towel_warmer', false, {
    triggers: [{ trigger: 'time', at: '14:30:00' }], conditions: [], actions: [on('switch.towel_warmer'), { delay: { minutes: 20 } }, off('switch.towel_warmer')],
  }),
  automation('automation.dishwasher_night_tariff', '1731400000003', 'Dishwasher on the night tariff', 'switch.dishwasher', false, {
    triggers: [{ trigger: 'time', at: '23:55:00' }], conditions: [], actions: [on('switch.dishwasher')],
  }),
  automation('automation.garden_path_lights', '1731400000004', 'Garden path lights at sunset', 'light.garden_path', true, {
    triggers: [{ trigger: 'sun', event: 'sunset', id: 'on' }, { trigger: 'time', at: '23:15:00', id: 'off' }], conditions: [],
    actions: [{ choose: [{ conditions: [{ condition: 'trigger', id: 'on' }], sequence: [on('light.garden_path')] }], default: [off('light.garden_path')] }],
  }),
  automation('automation.vacuum_when_away', '1731400000005', 'Vacuum when everyone is out', 'vacuum.robot', false, {
    triggers: [{ trigger: 'state', entity_id: 'zone.home', to: '0', for: { minutes: 10 } }], conditions: [], actions: [on('vacuum.robot')],
  }),
  automation('automation.dehumidifier_rain', '1731400000006', 'Dehumidifier when it rains', 'switch.dehumidifier', true, {
    triggers: [{ trigger: 'state', entity_id: 'weather.home', to: ['rainy', 'pouring'], id: 'on' }, { trigger: 'state', entity_id: 'weather.home', from: ['rainy', 'pouring'], id: 'off' }], conditions: [],
    actions: [{ if: [{ condition: 'trigger', id: 'on' }], then: [on('switch.dehumidifier')], else: [off('switch.dehumidifier')] }],
  }),
  automation(OVERRIDE.automation, '1731400000007', 'Landing light at 21:00', OVERRIDE.entity, false, {
    triggers: [{ trigger: 'time', at: '21:00:00' }], conditions: [], actions: [on(OVERRIDE.entity)],
  }),
];

const byTarget = new Map(HA_AUTOMATIONS.map((a) => [a.target, a]));

/**
 * What a user must be shown on the messy home (issue 15), from how it was made:
 * - `automated`: routines HA's automations do; each labelled with its automation's alias, and no
 *   new suggestion switches its entity;
 * - `override`: the automation people undo, to be listed among the automations to fix;
 * - `byHand`: the routines people do by hand, each with the entities it is made of (disjoint);
 *   exactly one new suggestion names any of them.
 */
export const SUGGESTION_TRUTH = {
  automated: HA_AUTOMATIONS.filter((a) => ['switch.garden_irrigation', 'switch.towel_warmer', 'switch.dishwasher', 'light.garden_path', OVERRIDE.entity].includes(a.target))
    .map((a) => ({ entity_id: a.target, automation: a.entity_id, alias: a.alias })),
  override: { automation: OVERRIDE.automation, alias: 'Landing light at 21:00', entity_id: OVERRIDE.entity, sets: 'on' as const },
  byHand: [
    { routine: 'weekday_morning', entities: [...MORNING.chain] },
    { routine: 'morning_kitchen', entities: ['light.kitchen_ceiling', 'switch.coffee_machine'] },
    { routine: 'evening_tv', entities: ['media_player.living_room_tv', 'light.tv_backlight'] },
    { routine: 'bedtime', entities: [...EVENING.chain] },
    { routine: 'floor_lamp_after_sunset', entities: ['light.living_room_lamp'] },
    { routine: 'home_office', entities: ['light.office_desk', 'switch.office_monitor', 'media_player.office_speaker'] },
    { routine: 'entrance', entities: ['binary_sensor.front_door', 'light.entrance', 'lock.front_door'] },
  ],
} as const;

/** HA writes the automation's state at a run's start and end. */
function writeRun(plan: DayPlan, a: SimAutomation, start: number, end: number): void {
  const last_triggered = new Date(Math.round(start)).toISOString();
  const attributes = (current: number) => ({ id: a.automation_id, last_triggered, mode: 'single', current, friendly_name: a.alias });
  plan.set(a.entity_id, start, 'on', 'system', attributes(1));
  plan.set(a.entity_id, end, 'on', 'system', attributes(0));
}

export const haAutomations: RoutineModule = {
  id: 'ha_automations',
  kind: 'time_based',
  description: "HA's automations write their runs; the landing light at 21:00 by automation, switched off by hand within 2–6 min on ~70 % of runs.",
  entities: [OVERRIDE.entity, ...HA_AUTOMATIONS.map((a) => a.entity_id)],
  parameters: OVERRIDE,
  messyOnly: true,
  create: () => ({
    plan(plan: DayPlan) {
      if (plan.mess === null) return;
      const rng = plan.random('ha_automations');
      const away = plan.mess.absence;
      const start = plan.at(OVERRIDE.minute);
      const action = start + rng.between(...OVERRIDE.actionAfterMs);
      const undone = rng.chance(OVERRIDE.undoProbability);
      const offAfter = (undone ? rng.between(...OVERRIDE.undoAfterMinutes) : rng.between(...OVERRIDE.keptMinutes)) * MINUTE;
      if (away === undefined || !(start >= away.from - OVERRIDE.keptMinutes[1] * MINUTE && start < away.to)) {
        plan.set(OVERRIDE.entity, action, 'on', 'automation');
        plan.set(OVERRIDE.entity, action + offAfter, 'off', 'person');
        plan.occurred('ha_automations');
        plan.journal.mark(undone ? 'landing:undone' : 'landing:kept', plan.day.key);
      }
      // every automated change of an automation's entity that is a run's start gets its run written
      const runs = plan.changes.filter((c) => c.cause === 'automation' && byTarget.has(c.entity.id));
      for (const c of runs) {
        const a = byTarget.get(c.entity.id)!;
        if (!a.offIsRun && c.state !== activeStates(c.entity.id)[0]) continue;
        const begun = c.entity.id === OVERRIDE.entity ? start : c.time - rng.between(...OVERRIDE.actionAfterMs);
        writeRun(plan, a, begun, c.time + rng.between(20, 200));
      }
    },
  }),
  truth(t) {
    if (t.mess === null) return;
    // The truth policy (policy.ts), from OVERRIDE alone: the light comes on at 21:00 by automation on
    // every day it runs (runs are left out only while nobody is home: the absence episode), and a
    // person switches it off 2–6 min later (70 %) or 45–90 min later (30 %). `automation.*`
    // entities are not activity (their "on" means enabled): no detector truth is declared on them.
    const routine = 'ha_automations';
    const O = OVERRIDE;
    const runs = inWindow(t, t.journal.count('occurred:ha_automations'));
    const enough = runs >= MIN_SUPPORT;
    // time_based: r = 1 (no probability: it runs daily), jitter = the action's 30–400 ms lag.
    declare(t, enough ? timeLevel(1, 'all', (u) => uniform(u, ...O.actionAfterMs) / 60_000) : 'optional', 'time_based', {
      source: 'planted', routine, entity_id: O.entity, minute_of_day: O.minute, spread_minutes: 0, days: 'all', probability: 1,
    });
    // duration: bimodal on-time, median ~4.9 min; only ~37 % within a factor 1.25 of it against
    // minConsistency 0.9: below the contract (no one typical on-time: any typical excused).
    const onTime = (u: () => number) => (u() < O.undoProbability ? uniform(u, ...O.undoAfterMinutes) : uniform(u, ...O.keptMinutes)) * 60;
    const median = (O.undoAfterMinutes[0] + (O.undoAfterMinutes[1] - O.undoAfterMinutes[0]) * (0.5 / O.undoProbability)) * 60;
    const duration = durationLevel(runs, onTime);
    if (duration === 'below') t.tolerate('duration', { source: 'tolerated', routine, entity_id: O.entity, note: 'bimodal: undone within minutes, or left on for an hour (policy.ts: below the duration contract)' });
    else declare(t, duration, 'duration', { source: 'implied', routine, entity_id: O.entity, typical_seconds: Math.round(median), spread_seconds: Math.round((mid(O.undoAfterMinutes) * 60) / 2), crosses_midnight: 'never' }, 'bimodal: undone within minutes, or left on for an hour');
    // anomaly: nothing planted; the hour-long mode is 30 % of runs, the normal of this light, not news.
    t.tolerate('anomaly', { source: 'tolerated', routine, date: null, entity_id: O.entity, kind: 'duration', note: 'left on for an hour on ~30 % of runs' });
    // room_based: the landing holds only this light (automation.* have no area): its only
    // activation is at 21 on a share 1 of days, against minHourShare 0.5 and minDays 5.
    declare(t, runs >= CONTRACT.roomBased.minDays ? level(1, CONTRACT.windowDays, CONTRACT.roomBased.minHourShare) : 'optional', 'room_based', {
      source: 'implied', routine, area_id: 'landing', hours: [Math.floor(O.minute / 60)], entities: [O.entity], days: 'all',
    }, 'the landing light at 21:00 every day');
    // session: one device is not a session (minEntities 2).
    declare(t, sessionLevel(1, 1, 'all', t.background(true)), 'session', {
      source: 'implied', routine, days: 'all', start_minute: O.minute, end_minute: O.minute + Math.round(median / 60), areas: ['landing'], entities: [O.entity],
    }, 'a session of one automation');
    // seasonal: no drift is planned (planned monthly change 0 against minRelativeChange 0.25: below);
    // the bimodal on-time (sd ~30 min around a ~23 min mean) moves a month's mean by ±5 min, so a
    // duration change found is sampling. Time (fixed to the second) and count (once a day) give nothing.
    if (byMargin(0, CONTRACT.seasonal.minRelativeChange) === 'below') {
      t.tolerate('seasonal', { source: 'tolerated', routine, entity_id: O.entity, aspect: 'duration', note: 'no planned change; a bimodal on-time makes monthly means noisy' });
    }
    // Nothing for co_occurrence or sequence (one entity; nothing else planned within 5 min of 21:00),
    // day_type (amountLevel(1, 1, 1) and dayTimeLevel(0, 1, 1): no difference at all) or contextual
    // (a clock routine that falls in the dark is no sun pattern; presence and temperature are
    // tolerated for every routine entity by planHome).
  },
};
