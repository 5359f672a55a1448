// @ts-check
/** Numbers, sizes and times as a person reads them; times in the home's zone, not the browser's. */

let zone = 'UTC';

/** @param {string} timeZone the home's IANA zone (from /dashboard/home) */
export function setZone(timeZone) {
  zone = timeZone;
}

export function homeZone() {
  return zone;
}

/** @param {Intl.DateTimeFormatOptions} options */
const formatter = (options) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', ...options });

/** "Tue 24 Nov, 18:30" @param {string | number | null | undefined} time ISO or epoch ms */
export function dateTime(time) {
  if (time === null || time === undefined) return '—';
  return formatter({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(time));
}

/** "Tue 24 Nov 2026" from a local day key "2026-11-24" (already local: formatted in UTC). @param {string} day */
export function dayLabel(day) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
}

/** "3 h ago", "in 5 min" @param {string | number | null | undefined} time */
export function relative(time, now = Date.now()) {
  if (time === null || time === undefined) return '—';
  const ms = new Date(time).getTime() - now;
  const abs = Math.abs(ms);
  const text = abs < 90_000 ? `${Math.round(abs / 1000)} s` : abs < 5_400_000 ? `${Math.round(abs / 60_000)} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} days`;
  return ms < 0 ? `${text} ago` : `in ${text}`;
}

/** @param {number} bytes */
export function bytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** @param {number} n */
export function count(n) {
  return n.toLocaleString('en-US');
}

/** "45 s", "12 min", "2.5 h" @param {number} seconds */
export function duration(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** @param {number} ms */
export function runDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : duration(ms / 1000);
}

/** @param {number} confidence 0..1 */
export function percent(confidence) {
  return `${Math.round(confidence * 100)} %`;
}

/** "06:05" from minutes after midnight. @param {number} minute */
export function clock(minute) {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Minutes after midnight from "HH:MM". @param {string} text */
export function minutesOf(text) {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** "Tue 24 Nov": the home's local day of a time (a pattern's last_seen is its day's start, so no clock time). @param {string | number} time ISO or epoch ms */
export function dayOfTime(time) {
  return formatter({ weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(time));
}

/** A tick on a time axis in seconds, exact so no two ticks read alike: "45 s", "1 min 20 s", "2 min", "2 min 30 s". @param {number} seconds */
export function tickDuration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
