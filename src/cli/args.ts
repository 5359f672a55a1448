/** What the commands share: option parsers, the terminal's yes/no, and how a command body runs. */
import { createInterface } from 'node:readline/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { type GlobalOptions, reportFailure, UsageError } from './context.js';
import { isValidTimeZone } from '../time/calendar.js';

export const print = (text: string) => process.stdout.write(`${text}\n`);

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

export function int(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

export function zone(value: string): string {
  if (!isValidTimeZone(value)) throw new InvalidArgumentError('not an IANA time zone (e.g. Europe/Berlin)');
  return value;
}

/** `--now <iso>` of the commands that measure from the wall clock; tests and replays pin it. */
export function nowOption(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const now = Date.parse(value);
  if (!Number.isFinite(now)) throw new UsageError(`--now ${value} is not an ISO-8601 time`);
  return now;
}

/** A yes/no question on the terminal; without one (a pipe), no. */
export async function askYesNo(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}


/** Runs a command body; failures print one clear line and set the exit code. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      process.exitCode = (await body(...args)) ?? 0;
    } catch (e) {
      process.exitCode = reportFailure(e);
    }
  };
}
