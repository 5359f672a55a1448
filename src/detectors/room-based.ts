/**
 * 4. Room-based: per area, when it is in use and which entities are used together there.
 * Layer 2 keeps per area and day the activations per hour, per entity, and the pairs of its
 * entities activated within a few minutes of each other. An area is reported when it has peak
 * hours: busier than its average hour, and in use then on most of the days it is in use at all.
 */
import type { PatternUpsert } from '../storage/types.js';
import { binomialTail } from './binomial.js';
import { measurement } from './measurement.js';
import { RecentActivations } from './recent.js';
import { type DailyDetector, byTag, dayRecord, json, num, round } from './types.js';
import type { RoomBasedMetadata } from './metadata.js';

const MEASUREMENT = 'room_based_daily';
const ROOM_BASED_DAILY = measurement(MEASUREMENT, 'daily', 1, { count: 'number', hours: 'json', entities: 'json', together: 'json' });

export const roomBased: DailyDetector = {
  patternType: 'room_based',
  measurement: MEASUREMENT,
  writes: [ROOM_BASED_DAILY],
  reads: [MEASUREMENT],

  summarize(activity, settings) {
    const window = settings.roomBased.togetherMinutes * 60_000;
    const areas = new Map<string, { hours: number[]; entities: Record<string, number>; together: Record<string, number> }>();
    const recent = new Map<string, RecentActivations>();
    for (const a of activity.activations) {
      const area = activity.entities.get(a.entityId)?.areaId;
      if (area === null || area === undefined) continue;
      let room = areas.get(area);
      if (room === undefined) areas.set(area, (room = { hours: new Array<number>(24).fill(0), entities: {}, together: {} }));
      let near = recent.get(area);
      if (near === undefined) recent.set(area, (near = new RecentActivations(window)));
      if (a.inDay) {
        room.hours[activity.calendar.hourOf(a.time)]!++;
        room.entities[a.entityId] = (room.entities[a.entityId] ?? 0) + 1;
        for (const other of near.predecessors(a.entityId, a.time, window).keys()) {
          const pair = other < a.entityId ? `${other}|${a.entityId}` : `${a.entityId}|${other}`;
          room.together[pair] = (room.together[pair] ?? 0) + 1;
        }
      }
      near.add(a);
    }
    return [...areas.entries()]
      .filter(([, room]) => room.hours.some((h) => h > 0))
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([area, room]) =>
        dayRecord(activity, MEASUREMENT, { area_id: area }, {
          count: room.hours.reduce((n, h) => n + h, 0),
          hours: JSON.stringify(room.hours),
          entities: JSON.stringify(sortedObject(room.entities)),
          together: JSON.stringify(sortedObject(room.together)),
        }),
      );
  },

  derive(window, settings) {
    const s = settings.roomBased;
    const patterns: PatternUpsert[] = [];
    for (const [area, records] of byTag(window.records(MEASUREMENT), 'area_id')) {
      if (records.length < s.minDays) continue;
      const hours = new Array<number>(24).fill(0);
      // days on which the area is in use in each hour: a peak must recur, not come from a few busy days
      const daysIn = new Array<number>(24).fill(0);
      // days on which an hour is busier than the day's average hour, and days it is quieter
      const beats = new Array<number>(24).fill(0);
      const loses = new Array<number>(24).fill(0);
      const entities: Record<string, number> = {};
      const together: Record<string, { count: number; days: number }> = {};
      for (const r of records) {
        const day = json<number[]>(r, 'hours', []);
        const average = day.reduce((n, h) => n + h, 0) / 24;
        day.forEach((h, i) => {
          hours[i]! += h;
          if (h > 0) daysIn[i]!++;
          if (h > average) beats[i]!++;
          else if (h < average) loses[i]!++;
        });
        for (const [e, n] of Object.entries(json<Record<string, number>>(r, 'entities', {}))) entities[e] = (entities[e] ?? 0) + n;
        for (const [p, n] of Object.entries(json<Record<string, number>>(r, 'together', {}))) {
          const t = (together[p] ??= { count: 0, days: 0 });
          t.count += n;
          t.days++;
        }
      }
      const total = records.reduce((n, r) => n + num(r, 'count'), 0);
      // An hour busier than the area's average hour by the factor and in use on most of its days,
      // beyond chance: in use on more days than the area's average hour (a room used now and then),
      // or busier than the rest of its day on more days than not (a room in use all day). The better
      // test counts, corrected for both and for the 24 hours: a room used at random times has hours
      // busier by chance, each on about half its days.
      const presence = daysIn.reduce((n, d) => n + d, 0) / (24 * records.length);
      const pValue = (i: number) => Math.min(1, 2 * 24 * Math.min(binomialTail(daysIn[i]!, records.length, presence), binomialTail(beats[i]!, beats[i]! + loses[i]!, 0.5)));
      const peakHours = hours
        .map((h, i) => [i, h] as const)
        .filter(([i, h]) => h >= (s.peakFactor * total) / 24 && daysIn[i]! >= s.minHourShare * records.length && pValue(i) <= s.maxPValue)
        .map(([i]) => i);
      if (peakHours.length === 0) continue;
      const inPeak = peakHours.reduce((n, h) => n + hours[h]!, 0);
      const usedTogether = Object.entries(together)
        .filter(([, t]) => t.count >= s.minTogether && t.days >= Math.min(s.minDays, 3))
        .sort(([, x], [, y]) => y.count - x.count)
        .map(([pair, t]) => ({ entities: pair.split('|'), count: t.count, days: t.days }));
      patterns.push({
        patternType: 'room_based',
        deviceId: area,
        key: 'area',
        areaId: area,
        confidence: round(inPeak / total, 4),
        occurrences: records.length,
        lastSeen: records[records.length - 1]!.time,
        metadata: {
          area_id: area,
          peak_hours: peakHours,
          peak_hour_days: peakHours.map((h) => daysIn[h]!),
          hour_profile: hours,
          activations: total,
          days_active: records.length,
          days_observed: window.days.length,
          entities: Object.entries(entities).sort(([, x], [, y]) => y - x).map(([entity_id, count]) => ({ entity_id, count })),
          used_together: usedTogether.slice(0, 20),
        } satisfies RoomBasedMetadata,
      });
    }
    return patterns;
  },
};

function sortedObject<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : 1)));
}
