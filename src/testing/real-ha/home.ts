/**
 * Rooms and devices of the throwaway home, made as a person makes them: areas through
 * `config/area_registry/create`, entities and devices assigned with the registries' `update`
 * commands. HA has no command that creates a device (integrations own their devices), so the
 * device is the one the sun integration makes ("Sun"), and a template helper (a config entry,
 * made through the config flow as the UI makes it) is linked to it: its state follows the
 * thermostat, so a device-tagged entity changes whenever the driver wants.
 */
import type { HomeAssistant } from './home-assistant.js';
import type { HaSocket } from './socket.js';
import { AUTOMATED, POWER_METER, SWITCHES } from './config.js';

/** The template helper on the Sun device. */
export const DEVICE_ENTITY = 'sensor.heating_setpoint';

export interface HomeLayout {
  /** area name → area_id */
  readonly areas: Readonly<Record<string, string>>;
  /** entity_id → area_id as assigned */
  readonly entityAreas: Readonly<Record<string, string>>;
  readonly deviceId: string;
  readonly deviceArea: string;
}

const ROOMS: Readonly<Record<string, readonly string[]>> = {
  Kitchen: ['input_boolean.kitchen_light', 'input_boolean.coffee_machine', 'binary_sensor.someone_cooking'],
  Hall: ['input_boolean.hall_motion', AUTOMATED],
  'Living room': ['input_boolean.living_room_lamp', 'input_boolean.tv', POWER_METER],
  Bedroom: ['input_boolean.bedroom_light', 'input_boolean.desk_lamp'],
  Bathroom: ['input_boolean.bathroom_fan'],
  Outside: ['input_number.outdoor_temperature', 'sensor.outdoor_temperature'],
  'Utility room': [],
};

export async function setUpHome(ha: HomeAssistant, socket: HaSocket): Promise<HomeLayout> {
  // onboarding made some rooms already (Living Room, Kitchen, Bedroom): those are used
  const existing = await socket.command<{ area_id: string; name: string }[]>({ type: 'config/area_registry/list' });
  const areas: Record<string, string> = {};
  for (const name of Object.keys(ROOMS)) {
    const found = existing.find((a) => a.name.toLowerCase() === name.toLowerCase());
    areas[name] = found?.area_id ?? (await socket.command<{ area_id: string }>({ type: 'config/area_registry/create', name })).area_id;
  }
  // the power meter is set over REST; it exists once it has a state, but is not in the entity
  // registry (no unique_id), so it carries no area: the one entity without tags
  await ha.rest('POST', `/api/states/${POWER_METER}`, { state: '0', attributes: { unit_of_measurement: 'W', friendly_name: 'power meter' } });

  const devices = await socket.command<{ id: string; name: string }[]>({ type: 'config/device_registry/list' });
  const sun = devices.find((d) => d.name === 'Sun');
  if (sun === undefined) throw new Error(`no Sun device in ${JSON.stringify(devices.map((d) => d.name))}`);
  await socket.command({ type: 'config/device_registry/update', device_id: sun.id, area_id: areas['Utility room'] });
  await linkedTemplate(ha, sun.id);

  const entityAreas: Record<string, string> = {};
  const registered = new Set((await socket.command<{ entity_id: string }[]>({ type: 'config/entity_registry/list' })).map((e) => e.entity_id));
  for (const [room, ids] of Object.entries(ROOMS)) {
    for (const id of ids) {
      if (!registered.has(id)) continue;
      await socket.command({ type: 'config/entity_registry/update', entity_id: id, area_id: areas[room] });
      entityAreas[id] = areas[room]!;
    }
  }
  for (const id of SWITCHES) if (entityAreas[id] === undefined) throw new Error(`${id} got no area`);
  return { areas, entityAreas, deviceId: sun.id, deviceArea: areas['Utility room']! };
}

/** A template sensor helper (config entry) following the thermostat, linked to `deviceId`. */
async function linkedTemplate(ha: HomeAssistant, deviceId: string): Promise<void> {
  const flow = await ha.rest<{ flow_id: string }>('POST', '/api/config/config_entries/flow', { handler: 'template' });
  await ha.rest('POST', `/api/config/config_entries/flow/${flow.flow_id}`, { next_step_id: 'sensor' });
  const done = await ha.rest<{ type: string }>('POST', `/api/config/config_entries/flow/${flow.flow_id}`, {
    name: 'heating setpoint',
    state: "{{ states('input_number.thermostat') }}",
    unit_of_measurement: '°C',
    device_class: 'temperature',
    state_class: 'measurement',
    device_id: deviceId,
  });
  if (done.type !== 'create_entry') throw new Error(`template helper flow ended in ${JSON.stringify(done)}`);
}
