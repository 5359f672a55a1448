/** The real CLI as a child process, and the SIGKILL at a named pause point (src/test-hooks.ts). */
import { type CliRun, spawnCli as spawnHarnessCli } from '../ingest/harness.js';

export type { CliRun } from '../ingest/harness.js';

/** The CLI with logs at warn (the crash tests read its output for pause points). */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  return spawnHarnessCli(args, { HOMERHYTHM_LOG_LEVEL: 'warn', ...env });
}

/** Runs a command to its end; rejects with its output when it fails. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const run = spawnCli(args, env);
  const code = await run.exited;
  if (code !== 0) throw new Error(`homerhythm ${args.join(' ')} exited ${code}:\n${run.output()}`);
  return run.output();
}

/**
 * Runs a command with `HOMERHYTHM_TEST_PAUSE_AT=point`, and SIGKILLs it once it says it paused
 * there. Rejects if the command ends without reaching the point.
 */
export async function killAt(point: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const run = spawnCli(args, { ...env, HOMERHYTHM_TEST_PAUSE_AT: point });
  const name = point.split(':')[0]!;
  const paused = await new Promise<boolean>((resolve) => {
    const check = () => {
      if (run.output().includes(`PAUSED ${name}`)) resolve(true);
    };
    run.child.stderr!.on('data', check);
    void run.exited.then(() => resolve(run.output().includes(`PAUSED ${name}`)));
  });
  run.child.kill('SIGKILL');
  await run.exited;
  if (!paused) throw new Error(`homerhythm ${args.join(' ')} never reached ${point}:\n${run.output()}`);
  return run.output();
}
