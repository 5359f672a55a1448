/**
 * Errors at the HA boundary, each saying whether trying again can help. The official client
 * rejects with bare numbers (ERR_*) or HA's `{code, message}`; `toHaError` names them.
 */
import { ERR_CANNOT_CONNECT, ERR_CONNECTION_LOST, ERR_INVALID_AUTH } from 'home-assistant-js-websocket';

export class HaError extends Error {
  override readonly name: string = 'HaError';
  constructor(
    message: string,
    /** HA's error code (`not_found`, `unknown_command`, …) or ours (`connection_lost`, `timeout`, …). */
    readonly code: string,
    /** Whether the same request may succeed later (after a reconnect). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** HA refused the access token: retrying with the same token cannot help. */
export class HaAuthError extends HaError {
  override readonly name = 'HaAuthError';
  constructor(readonly haMessage: string) {
    super(`Home Assistant rejected the access token: ${haMessage}`, 'invalid_auth', false);
  }
}

/** Names whatever the client library rejected with. */
export function toHaError(error: unknown): HaError {
  if (error instanceof HaError) return error;
  if (error === ERR_INVALID_AUTH) return new HaAuthError('invalid access token');
  if (error === ERR_CONNECTION_LOST) return new HaError('connection to Home Assistant lost', 'connection_lost', true);
  if (error === ERR_CANNOT_CONNECT) return new HaError('cannot connect to Home Assistant', 'cannot_connect', true);
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    // The library rejects in-flight commands with {code: ERR_CONNECTION_LOST} on close.
    if (code === ERR_CONNECTION_LOST) return new HaError('connection to Home Assistant lost', 'connection_lost', true);
    if (typeof code === 'string') return new HaError(`Home Assistant answered ${code}: ${text}`, code, code === 'timeout' || code === 'home_assistant_error');
    if (error instanceof Error) return new HaError(error.message, 'unknown_error', true);
  }
  return new HaError(String(error), 'unknown_error', true);
}
