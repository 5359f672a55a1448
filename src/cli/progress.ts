/** A one-line progress display for long work on a terminal; silent when stderr is not a TTY. */

export interface Progress {
  /** `fraction` in 0..1 when the total is known; `detail` says what was done. */
  update(fraction: number | undefined, detail: string): void;
  done(): void;
}

const MIN_INTERVAL_MS = 200;

export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let last = 0;
  return {
    update(fraction, detail) {
      const now = Date.now();
      if (!tty || now - last < MIN_INTERVAL_MS) return;
      last = now;
      const pct = fraction === undefined ? '' : ` ${(Math.min(1, fraction) * 100).toFixed(1)}%`;
      stream.write(`\r\x1b[2K${label}${pct} ${detail}`);
    },
    done() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}

/** Counts per second since a start, for progress details. */
export function rate(count: number, startedAt: number): string {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? `${Math.round(count / seconds).toLocaleString('en-US')}/s` : '';
}
