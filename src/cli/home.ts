/**
 * The home's place and zone from `--latitude --longitude --elevation --time-zone` and the config
 * file, written into the store's home record: the record HA's get_config fills for a live home,
 * and the only source an imported home has (the jobs read the sun's times from it).
 */
import { InvalidArgumentError } from 'commander';
import { type Config, homeSettingsOf } from '../config.js';
import type { HomeInfo, Storage } from '../storage/types.js';
import { UsageError } from './context.js';

export interface HomeFlags {
  readonly latitude?: number;
  readonly longitude?: number;
  readonly elevation?: number;
  readonly timeZone?: string;
}

/** A commander parser for a number within [min, max]. */
export function degrees(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    return n;
  };
}

export function metres(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number of metres');
  return n;
}

/**
 * Writes flags (which win) and the config's settings into the home record, and returns the config
 * the command then runs with: a `--time-zone` flag is the home's zone for this run too.
 */
export function applyHome(config: Config, storage: Storage, flags: HomeFlags): Config {
  const given: HomeInfo = { ...homeSettingsOf(config), ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) };
  const home = { ...storage.home.get(), ...given };
  // The sun needs both; half a location would be silently ignored by the jobs.
  if ((home.latitude === undefined) !== (home.longitude === undefined)) throw new UsageError('give the home\'s latitude and longitude together (--latitude and --longitude, or both in the config file)');
  if (Object.keys(given).length > 0) storage.home.set(given);
  return flags.timeZone === undefined ? config : { ...config, time_zone: flags.timeZone };
}

/** One line on what the jobs will know of the home: its zone, and whether they can compute the sun. */
export function describeHome(home: HomeInfo, zone: string): string {
  const where = home.latitude !== undefined && home.longitude !== undefined ? `latitude ${home.latitude}, longitude ${home.longitude}${home.elevation === undefined ? '' : `, elevation ${home.elevation} m`} (the jobs compute sunrise and sunset)` : 'no location: give --latitude and --longitude (or set them in the config file) for sun context';
  return `home: ${zone}, ${where}`;
}
