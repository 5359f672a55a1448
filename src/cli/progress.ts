/** A one-line progress display for long work on a terminal; silent when stderr is not a TTY. */

export interface Progress {
  update(done: number, total: number | undefined, detail?: string): void;
  done(summary?: string): void;
}

const MIN_INTERVAL_MS = 200;

export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  const started = Date.now();
  let last = 0;
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (!tty || now - last < MIN_INTERVAL_MS) return;
      last = now;
      const seconds = (now - started) / 1000;
      const pct = total ? ` ${Math.min(100, (100 * done) / total).toFixed(1)}%` : '';
      const rate = seconds > 0 ? ` ${Math.round(done / seconds).toLocaleString('en-US')}/s` : '';
      stream.write(`\r\x1b[2K${label}${pct} ${done.toLocaleString('en-US')}${total ? ` / ${total.toLocaleString('en-US')}` : ''}${rate}${detail ? ` ${detail}` : ''}`);
    },
    done(summary) {
      if (tty) stream.write('\r\x1b[2K');
      if (summary !== undefined && tty) stream.write(`${label} ${summary}\n`);
    },
  };
}
