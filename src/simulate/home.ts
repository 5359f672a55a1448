/**
 * The simulated home: its areas, devices and entities, as HA's registries would list them. Fixed
 * (not drawn from the seed) so the same entity ids exist in every simulation and a truth file from
 * one seed reads like another's. Ids of devices are stable hashes of their names.
 *
 * Roles say what an entity is for, so the truth can tell planted behaviour from noise:
 * `routine` (planted patterns), `noise` (random use, flapping, dropouts), `numeric` (sensors that
 * report often and fill the day up to eventsPerDay), `context` (sun, weather, outdoor temperature)
 * and `presence` (person.*).
 */
import { domainOf } from '../events/model.js';
import { hex32 } from './random.js';

export type EntityRole = 'routine' | 'noise' | 'numeric' | 'context' | 'presence';

export interface AreaSpec {
  readonly id: string;
  readonly name: string;
  readonly floor: string | null;
}

export interface DeviceSpec {
  readonly key: string;
  readonly name: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly area: string | null;
  readonly platform: string;
}

export interface EntitySpec {
  readonly id: string;
  readonly name: string;
  readonly role: EntityRole;
  readonly device: string | null;
  /** Set when the entity's own area differs from (or replaces a missing) device area. */
  readonly area?: string;
  /** Who uses it by hand: the user id written in the context of person-caused changes. */
  readonly user?: 'anna' | 'ben';
}

export const AREAS: readonly AreaSpec[] = [
  { id: 'kitchen', name: 'Kitchen', floor: 'ground_floor' },
  { id: 'living_room', name: 'Living Room', floor: 'ground_floor' },
  { id: 'hallway', name: 'Hallway', floor: 'ground_floor' },
  { id: 'office', name: 'Office', floor: 'ground_floor' },
  { id: 'laundry', name: 'Laundry Room', floor: 'ground_floor' },
  { id: 'bedroom', name: 'Bedroom', floor: 'first_floor' },
  { id: 'bathroom', name: 'Bathroom', floor: 'first_floor' },
  { id: 'guest_room', name: 'Guest Room', floor: 'first_floor' },
  { id: 'garden', name: 'Garden', floor: null },
  // Only a messy home uses it (routines/automations.ts).
  { id: 'landing', name: 'Landing', floor: 'first_floor' },
];

const device = (key: string, name: string, manufacturer: string, model: string, area: string | null, platform: string): DeviceSpec => ({
  key, name, manufacturer, model, area, platform,
});

export const DEVICES: readonly DeviceSpec[] = [
  device('kitchen_ceiling', 'Kitchen ceiling', 'Signify Netherlands B.V.', 'Hue White A60', 'kitchen', 'hue'),
  device('coffee_machine', 'Coffee machine plug', 'Shelly', 'Shelly Plug S', 'kitchen', 'shelly'),
  device('dishwasher', 'Dishwasher', 'BSH Hausgeräte GmbH', 'SMV4HVX33E', 'kitchen', 'home_connect'),
  device('kitchen_radio', 'Kitchen radio', 'Sonos', 'One SL', 'kitchen', 'sonos'),
  device('kitchen_climate', 'Kitchen climate sensor', 'Aqara', 'WSDCGQ11LM', 'kitchen', 'zha'),
  device('fridge_plug', 'Fridge plug', 'Shelly', 'Shelly Plug S', 'kitchen', 'shelly'),
  device('living_room_tv', 'Living room TV', 'LG', 'OLED55C3', 'living_room', 'webostv'),
  device('tv_backlight', 'TV backlight', 'Signify Netherlands B.V.', 'Hue Play', 'living_room', 'hue'),
  device('floor_lamp', 'Floor lamp', 'IKEA of Sweden', 'TRADFRI bulb E27', 'living_room', 'zha'),
  device('thermostat', 'Living room thermostat', 'tado', 'Smart Thermostat V3+', 'living_room', 'tado'),
  device('living_room_blinds', 'Living room blinds', 'IKEA of Sweden', 'FYRTUR', 'living_room', 'zha'),
  device('living_room_climate', 'Living room climate sensor', 'Aqara', 'WSDCGQ11LM', 'living_room', 'zha'),
  device('bedroom_ceiling', 'Bedroom ceiling', 'Signify Netherlands B.V.', 'Hue White A60', 'bedroom', 'hue'),
  device('bedside_lamp', 'Bedside lamp', 'Signify Netherlands B.V.', 'Hue Go', 'bedroom', 'hue'),
  device('bedroom_speaker', 'Bedroom speaker', 'Sonos', 'Era 100', 'bedroom', 'sonos'),
  device('bedroom_humidifier', 'Bedroom humidifier', 'Xiaomi', 'Smart Humidifier 2', 'bedroom', 'xiaomi_miio'),
  device('bedroom_window', 'Bedroom window contact', 'Aqara', 'MCCGQ11LM', 'bedroom', 'zha'),
  device('bedroom_climate', 'Bedroom climate sensor', 'Aqara', 'WSDCGQ11LM', 'bedroom', 'zha'),
  device('bathroom_ceiling', 'Bathroom ceiling', 'Signify Netherlands B.V.', 'Hue White A60', 'bathroom', 'hue'),
  device('bathroom_fan', 'Bathroom fan', 'Shelly', 'Shelly 1PM', 'bathroom', 'shelly'),
  device('towel_warmer', 'Towel warmer', 'Shelly', 'Shelly 1PM', 'bathroom', 'shelly'),
  device('bathroom_climate', 'Bathroom climate sensor', 'Aqara', 'WSDCGQ11LM', 'bathroom', 'zha'),
  device('hallway_switch', 'Hallway light switch', 'Shelly', 'Shelly 2PM', 'hallway', 'shelly'),
  device('front_door_contact', 'Front door contact', 'Aqara', 'MCCGQ11LM', 'hallway', 'zha'),
  device('front_door_lock', 'Front door lock', 'Nuki', 'Smart Lock 4.0', 'hallway', 'nuki'),
  device('robot_vacuum', 'Robot vacuum', 'Roborock', 'S8', null, 'roborock'),
  device('office_desk_lamp', 'Desk lamp', 'IKEA of Sweden', 'TRADFRI bulb E14', 'office', 'zha'),
  device('office_power_strip', 'Office power strip', 'Shelly', 'Shelly Plus Plug S', 'office', 'shelly'),
  device('office_speaker', 'Office speaker', 'Sonos', 'Era 100', 'office', 'sonos'),
  device('office_climate', 'Office climate sensor', 'Aqara', 'WSDCGQ11LM', 'office', 'zha'),
  // Plugged in inside the laundry room, powering the garden lights: the entity is placed in the garden.
  device('garden_plug', 'Laundry wall plug', 'Shelly', 'Shelly Plug S', 'laundry', 'shelly'),
  device('garden_irrigation', 'Irrigation valve', 'Gardena', 'Smart Water Control', 'garden', 'gardena_bluetooth'),
  device('garden_motion', 'Garden motion sensor', 'Philips', 'Hue Outdoor Sensor', 'garden', 'hue'),
  // A cloud weather station has no area; its entities are placed by hand.
  device('weather_station', 'Weather station', 'Netatmo', 'Smart Weather Station', null, 'netatmo'),
  device('dehumidifier', 'Dehumidifier', 'Shelly', 'Shelly Plug S', 'laundry', 'shelly'),
  device('washing_machine', 'Washing machine plug', 'Shelly', 'Shelly Plus Plug S', 'laundry', 'shelly'),
  device('laundry_light', 'Laundry light', 'IKEA of Sweden', 'TRADFRI bulb E27', 'laundry', 'zha'),
  device('smart_meter', 'Smart meter', 'Tibber', 'Pulse', 'laundry', 'tibber'),
  device('guest_room_light', 'Guest room light', 'IKEA of Sweden', 'TRADFRI bulb E27', 'guest_room', 'zha'),
  device('guest_room_motion', 'Guest room motion sensor', 'Aqara', 'RTCGQ11LM', 'guest_room', 'zha'),
  device('forecast_home', 'Forecast', 'Met.no', 'Forecast', null, 'met'),
  // Only a messy home (SimulationOptions.messy) uses these; a tidy one lists them and stays silent.
  device('kitchen_motion', 'Kitchen motion sensor', 'Aqara', 'RTCGQ11LM', 'kitchen', 'zha'),
  device('hallway_motion', 'Hallway motion sensor', 'Philips', 'Hue Motion Sensor', 'hallway', 'hue'),
  device('kettle_plug', 'Kettle plug', 'Shelly', 'Shelly Plug S', 'kitchen', 'shelly'),
  device('microwave_plug', 'Microwave plug', 'Shelly', 'Shelly Plug S', 'kitchen', 'shelly'),
  device('hair_dryer_plug', 'Bathroom wall plug', 'Shelly', 'Shelly Plug S', 'bathroom', 'shelly'),
  device('garden_gate', 'Garden gate contact', 'Aqara', 'MCCGQ11LM', 'garden', 'zha'),
  device('landing_light', 'Landing light', 'IKEA of Sweden', 'TRADFRI bulb E27', 'landing', 'zha'),
];

const entity = (id: string, name: string, role: EntityRole, dev: string | null, extra: Partial<EntitySpec> = {}): EntitySpec => ({
  id, name, role, device: dev, ...extra,
});

export const ENTITIES: readonly EntitySpec[] = [
  entity('light.kitchen_ceiling', 'Kitchen ceiling', 'routine', 'kitchen_ceiling'),
  entity('switch.coffee_machine', 'Coffee machine', 'routine', 'coffee_machine'),
  entity('sensor.coffee_machine_power', 'Coffee machine power', 'numeric', 'coffee_machine'),
  entity('switch.dishwasher', 'Dishwasher', 'routine', 'dishwasher'),
  entity('sensor.dishwasher_power', 'Dishwasher power', 'numeric', 'dishwasher'),
  entity('media_player.kitchen_radio', 'Kitchen radio', 'noise', 'kitchen_radio'),
  entity('sensor.kitchen_temperature', 'Kitchen temperature', 'numeric', 'kitchen_climate'),
  entity('sensor.kitchen_humidity', 'Kitchen humidity', 'numeric', 'kitchen_climate'),
  entity('sensor.fridge_power', 'Fridge power', 'numeric', 'fridge_plug'),
  entity('media_player.living_room_tv', 'Living room TV', 'routine', 'living_room_tv'),
  entity('light.tv_backlight', 'TV backlight', 'routine', 'tv_backlight'),
  entity('light.living_room_lamp', 'Floor lamp', 'routine', 'floor_lamp'),
  entity('climate.living_room', 'Living room thermostat', 'routine', 'thermostat'),
  entity('cover.living_room_blinds', 'Living room blinds', 'noise', 'living_room_blinds'),
  entity('sensor.tv_power', 'TV power', 'numeric', 'living_room_tv'),
  entity('sensor.living_room_temperature', 'Living room temperature', 'numeric', 'living_room_climate'),
  entity('sensor.living_room_humidity', 'Living room humidity', 'numeric', 'living_room_climate'),
  entity('light.bedroom_ceiling', 'Bedroom ceiling', 'routine', 'bedroom_ceiling'),
  entity('light.bedroom_bedside', 'Bedside lamp', 'routine', 'bedside_lamp'),
  entity('media_player.bedroom_speaker', 'Bedroom speaker', 'routine', 'bedroom_speaker'),
  entity('humidifier.bedroom', 'Bedroom humidifier', 'routine', 'bedroom_humidifier'),
  entity('binary_sensor.bedroom_window', 'Bedroom window', 'noise', 'bedroom_window'),
  entity('sensor.bedroom_temperature', 'Bedroom temperature', 'numeric', 'bedroom_climate'),
  entity('sensor.bedroom_humidity', 'Bedroom humidity', 'numeric', 'bedroom_climate'),
  entity('light.bathroom_ceiling', 'Bathroom ceiling', 'routine', 'bathroom_ceiling'),
  entity('fan.bathroom', 'Bathroom fan', 'routine', 'bathroom_fan'),
  entity('switch.towel_warmer', 'Towel warmer', 'routine', 'towel_warmer'),
  entity('sensor.bathroom_temperature', 'Bathroom temperature', 'numeric', 'bathroom_climate'),
  entity('sensor.bathroom_humidity', 'Bathroom humidity', 'numeric', 'bathroom_climate'),
  entity('light.hallway_ceiling', 'Hallway ceiling', 'routine', 'hallway_switch'),
  entity('light.entrance', 'Entrance light', 'routine', 'hallway_switch'),
  entity('binary_sensor.front_door', 'Front door', 'routine', 'front_door_contact'),
  entity('lock.front_door', 'Front door lock', 'routine', 'front_door_lock'),
  entity('vacuum.robot', 'Robot vacuum', 'routine', 'robot_vacuum', { area: 'hallway' }),
  entity('light.office_desk', 'Desk lamp', 'routine', 'office_desk_lamp', { user: 'ben' }),
  entity('switch.office_monitor', 'Office monitor', 'routine', 'office_power_strip', { user: 'ben' }),
  entity('media_player.office_speaker', 'Office speaker', 'routine', 'office_speaker', { user: 'ben' }),
  entity('sensor.office_power', 'Office power', 'numeric', 'office_power_strip'),
  entity('sensor.office_temperature', 'Office temperature', 'numeric', 'office_climate'),
  entity('light.garden_path', 'Garden path lights', 'routine', 'garden_plug', { area: 'garden' }),
  entity('switch.garden_irrigation', 'Garden irrigation', 'routine', 'garden_irrigation'),
  entity('binary_sensor.garden_motion', 'Garden motion', 'noise', 'garden_motion'),
  entity('sensor.outdoor_temperature', 'Outdoor temperature', 'context', 'weather_station', { area: 'garden' }),
  entity('sensor.outdoor_humidity', 'Outdoor humidity', 'numeric', 'weather_station', { area: 'garden' }),
  entity('switch.dehumidifier', 'Dehumidifier', 'routine', 'dehumidifier'),
  entity('switch.washing_machine', 'Washing machine', 'noise', 'washing_machine'),
  entity('sensor.washing_machine_power', 'Washing machine power', 'numeric', 'washing_machine'),
  entity('light.laundry', 'Laundry light', 'noise', 'laundry_light'),
  entity('sensor.grid_power', 'Grid power', 'numeric', 'smart_meter'),
  entity('light.guest_room', 'Guest room light', 'noise', 'guest_room_light'),
  entity('binary_sensor.guest_room_motion', 'Guest room motion', 'noise', 'guest_room_motion'),
  entity('sun.sun', 'Sun', 'context', null),
  entity('weather.home', 'Forecast Home', 'context', 'forecast_home'),
  entity('person.anna', 'Anna', 'presence', null),
  entity('person.ben', 'Ben', 'presence', null),
  entity('binary_sensor.kitchen_motion', 'Kitchen motion', 'routine', 'kitchen_motion'),
  entity('binary_sensor.hallway_motion', 'Hallway motion', 'routine', 'hallway_motion'),
  entity('switch.kettle', 'Kettle', 'noise', 'kettle_plug'),
  entity('switch.microwave', 'Microwave', 'noise', 'microwave_plug'),
  entity('switch.hair_dryer', 'Hair dryer', 'noise', 'hair_dryer_plug'),
  entity('binary_sensor.garden_gate', 'Garden gate', 'noise', 'garden_gate'),
  // A messy home's HA automations (routines/automations.ts, which must name the same ids) and the
  // light one of them switches. Listed last, so every entity before keeps its index. An
  // automation entity reports its runs whoever is home: a context of the home, not a routine.
  entity('light.landing', 'Landing light', 'routine', 'landing_light'),
  entity('automation.garden_irrigation', 'Garden irrigation at 05:15', 'context', null),
  entity('automation.towel_warmer', 'Towel warmer after lunch', 'context', null),
  entity('automation.dishwasher_night_tariff', 'Dishwasher on the night tariff', 'context', null),
  entity('automation.garden_path_lights', 'Garden path lights at sunset', 'context', null),
  entity('automation.vacuum_when_away', 'Vacuum when everyone is out', 'context', null),
  entity('automation.dehumidifier_rain', 'Dehumidifier when it rains', 'context', null),
  entity('automation.landing_light', 'Landing light at 21:00', 'context', null),
];

/** An entity with everything the simulation needs on its hot path, resolved once. */
export interface EntityInfo {
  readonly index: number;
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  readonly role: EntityRole;
  /** Registry device id (32 hex), or null for entities without a device. */
  readonly deviceId: string | null;
  /** Effective area: the entity's own, else its device's. */
  readonly areaId: string | null;
  readonly user: 'anna' | 'ben';
  readonly platform: string;
}

export const deviceIdOf = (key: string): string => hex32(`device:${key}`);

const devicesByKey = new Map(DEVICES.map((d) => [d.key, d]));

export const HOME: readonly EntityInfo[] = ENTITIES.map((spec, index) => {
  const dev = spec.device === null ? undefined : devicesByKey.get(spec.device);
  if (spec.device !== null && dev === undefined) throw new Error(`unknown device ${spec.device}`);
  return {
    index,
    id: spec.id,
    domain: domainOf(spec.id),
    name: spec.name,
    role: spec.role,
    deviceId: dev === undefined ? null : deviceIdOf(dev.key),
    areaId: spec.area ?? dev?.area ?? null,
    user: spec.user ?? 'anna',
    platform: dev?.platform ?? domainOf(spec.id),
  };
});

const byId = new Map(HOME.map((e) => [e.id, e]));

export function entityInfo(id: string): EntityInfo {
  const info = byId.get(id);
  if (info === undefined) throw new Error(`the simulated home has no entity ${id}`);
  return info;
}
