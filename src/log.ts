/** The logger: pino, JSON lines on stderr, with secrets redacted by path. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: { service: 'homerhythm' },
      redact: { paths: ['token', '*.token', 'access_token', '*.access_token', 'authorization', '*.authorization', 'password', '*.password'], censor: '<redacted>' },
    },
    pino.destination({ dest: (destination as NodeJS.WriteStream).fd ?? 2, sync: true }),
  );
}
