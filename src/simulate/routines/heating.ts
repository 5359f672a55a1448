/**
 * The living-room thermostat follows the outdoor temperature (the planted temperature context):
 * an automation checks every 15 minutes and switches to heat below 8 °C, back off above 10 °C.
 * While heating, the thermostat reports its room temperature every half hour (attribute-only
 * changes). In a warm season it never heats; the truth then tolerates instead of expecting.
 */
import { MINUTE, SECOND } from '../clock.js';
import type { DayPlan } from '../plan.js';
import { withAttributes } from '../attributes.js';
import { entityInfo } from '../home.js';
import { inWindow, MIN_SUPPORT, round, type RoutineModule } from './routine.js';

export const HEATING = {
  heatBelowC: 8,
  offAboveC: 10,
  checkEveryMinutes: 15,
  setpointC: 21,
};

export const heating: RoutineModule = {
  id: 'heating',
  kind: 'contextual',
  description: 'climate.living_room heats while it is colder than 8 °C outside (off again above 10 °C), checked every 15 minutes.',
  entities: ['climate.living_room', 'sensor.outdoor_temperature'],
  parameters: HEATING,
  create: () => {
    let mode: 'heat' | 'off' | null = null;
    let room = 19.5;
    return {
      plan(plan: DayPlan) {
        const rng = plan.random('heating');
        plan.occurred('heating');
        const climate = entityInfo('climate.living_room');
        const { day, context, journal } = plan;
        for (let step = 0, t = day.start + 7 * MINUTE; t < day.end; step++, t += HEATING.checkEveryMinutes * MINUTE) {
          const time = t + rng.between(0, 30) * SECOND;
          const outside = context.outdoorTemperature(time);
          journal.add(outside < HEATING.heatBelowC ? 'heating:cold_checks' : outside > HEATING.offAboveC ? 'heating:warm_checks' : 'heating:mild_checks');
          const was = mode;
          if (mode !== 'heat' && outside < HEATING.heatBelowC) mode = 'heat';
          else if (mode !== 'off' && outside > HEATING.offAboveC) mode = 'off';
          else if (mode === null) mode = 'off';
          // The room warms towards the setpoint while heating, cools towards the outside otherwise.
          const target = mode === 'heat' ? HEATING.setpointC : Math.max(16, Math.min(24, outside + 8));
          room += (target - room) * 0.08 + rng.between(-0.05, 0.05);
          if (mode !== was || step % 2 === 0) {
            const action = mode === 'off' ? 'off' : room < HEATING.setpointC - 0.3 ? 'heating' : 'idle';
            plan.set(climate.id, time, mode, mode !== was ? 'automation' : 'system', withAttributes(climate, mode, {
              hvac_modes: ['off', 'heat'], min_temp: 5, max_temp: 25, current_temperature: round(room, 1),
              temperature: mode === 'heat' ? HEATING.setpointC : null, hvac_action: action, current_humidity: 45,
            }));
          }
          if (mode === 'heat' && was !== 'heat' && was !== null) journal.add('heating:activations');
        }
      },
    };
  },
  truth(t) {
    const activations = t.journal.count('heating:activations');
    const cold = t.journal.count('heating:cold_checks');
    const warm = t.journal.count('heating:warm_checks');
    const all = cold + warm + t.journal.count('heating:mild_checks');
    // A context needs contrast: enough switch-ons and both sides of the band seen.
    const contrast = all > 0 && cold / all >= 0.1 && warm / all >= 0.1;
    // Every switch to heat happens below 8 °C: a share of 1, given enough of them in the window.
    t.expectIf(inWindow(t, activations) >= MIN_SUPPORT && contrast, 'contextual', {
      source: 'planted', routine: 'heating', entity_id: 'climate.living_room', context: 'temperature', condition: `below_${HEATING.heatBelowC}c`,
      context_entities: ['sensor.outdoor_temperature'],
      detail: { heat_below_c: HEATING.heatBelowC, off_above_c: HEATING.offAboveC, activations, share_of_time_below: round(all ? cold / all : 0, 2), share_of_time_above_off: round(all ? warm / all : 0, 2) },
    });
    const tolerated = { source: 'tolerated' as const, routine: 'heating' };
    t.tolerate('anomaly', { ...tolerated, date: null, entity_id: 'climate.living_room', note: 'follows the weather' });
    t.tolerate('duration', { ...tolerated, entity_id: 'climate.living_room' });
    t.tolerate('seasonal', { ...tolerated, entity_id: 'climate.living_room', note: 'heats more as it gets colder' });
    t.tolerate('time_based', { ...tolerated, entity_id: 'climate.living_room', note: 'cold nights switch it on at similar hours' });
  },
};
