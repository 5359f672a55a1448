/** The logger: pino, JSON lines on stderr (fd 2 by default), with secrets redacted by path. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = 'info', fd: number = 2): Logger {
  return pino(
    {
      level,
      base: { service: 'homerhythm' },
      // By path only: a secret must never be put into a message string in the first place.
      redact: {
        paths: ['token', '*.token', '*.*.token', 'access_token', '*.access_token', 'authorization', '*.authorization', '*.headers.authorization', 'password', '*.password', '*.*.password'],
        censor: '<redacted>',
      },
    },
    pino.destination({ dest: fd, sync: true }),
  );
}
