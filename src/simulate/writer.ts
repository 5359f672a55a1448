/**
 * writeSimulation: the events as JSON lines, streamed a day at a time (a 30 × 100K-event home is
 * ~3 GB of JSON and is never held in memory), plus the ground truth and the registries beside it.
 */
import { open, writeFile } from 'node:fs/promises';
import { prepare, simulateDays } from './engine.js';
import type { SimulationOptions } from './options.js';
import { planHome } from './plan-home.js';
import { registryLists } from './registry.js';
import { ByteSink } from './bytes.js';
import { WireEncoder } from './wire.js';

/** Bytes per write, and writes in flight: the disk works while the next chunk is encoded. */
const CHUNK = 1 << 20;
const IN_FLIGHT = 4;

/** `home.jsonl` → `home` (the truth and registry files are named after it). */
export function baseName(outFile: string): string {
  return outFile.endsWith('.jsonl') ? outFile.slice(0, -'.jsonl'.length) : outFile;
}

export async function writeSimulation(
  options: SimulationOptions,
  outFile: string,
  onProgress?: (daysDone: number, days: number) => void,
): Promise<{ events: number; truthFile: string; registryFile: string }> {
  const { options: resolved } = prepare(options);
  // Fix "yesterday" once, so the truth and the events agree even across a midnight.
  const fixed: SimulationOptions = { ...options, lastDay: resolved.lastDay, timeZone: resolved.timeZone, latitude: resolved.latitude, longitude: resolved.longitude };
  const base = baseName(outFile);
  const truthFile = `${base}.truth.json`;
  const registryFile = `${base}.registry.json`;
  await writeFile(truthFile, `${JSON.stringify(planHome(fixed), null, 2)}\n`);
  await writeFile(registryFile, `${JSON.stringify(registryLists(), null, 2)}\n`);

  const file = await open(outFile, 'w');
  const inFlight: Promise<unknown>[] = [];
  let position = 0;
  const sink = new ByteSink(CHUNK + (64 << 10));
  const flush = async (): Promise<void> => {
    if (sink.length === 0) return;
    const chunk = sink.take();
    inFlight.push(file.write(chunk, 0, chunk.length, position));
    position += chunk.length;
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
  };
  const encoder = new WireEncoder(resolved.seed);
  let events = 0;
  let daysDone = 0;
  try {
    for (const { events: day } of simulateDays(fixed)) {
      for (const event of day) {
        encoder.encode(event, sink);
        if (sink.length >= CHUNK) await flush();
      }
      events += day.length;
      onProgress?.(++daysDone, resolved.days);
    }
    await flush();
    await Promise.all(inFlight.splice(0));
  } finally {
    await Promise.allSettled(inFlight);
    await file.close();
  }
  return { events, truthFile, registryFile };
}
