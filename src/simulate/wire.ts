/**
 * StateEvent → the JSON line HA's WebSocket would have delivered as `event`: time_fired with
 * microseconds, ULID context ids, full old and new state objects. old_state is byte for byte the
 * previous new_state of the entity, as in HA; last_changed stays put across attribute-only
 * changes. Non-ASCII characters are \u-escaped (as Python's json.dumps writes them): any JSON
 * parser reads the same text. Microseconds and ids are hashed from (seed, entity, time), so the
 * same events always make the same bytes.
 */
import type { StateEvent } from '../events/model.js';
import { ascii, asciiJson, ByteSink } from './bytes.js';
import { HOME, type EntityInfo } from './home.js';
import { hex32, mix32 } from './random.js';


const PIECE = {
  lastReported: ascii('","last_reported":"'),
  lastUpdated: ascii('","last_updated":"'),
  /** `{"id":"` is the context's own start. */
  contextId: ascii('","context":{"id":"'),
  parent: ascii('","parent_id":"'),
  automation: ascii('","user_id":null}'),
  system: ascii('","parent_id":null,"user_id":null}'),
  /** The first `}` closes the new state. */
  timeFired: ascii('}},"origin":"LOCAL","time_fired":"'),
  context: ascii('","context":'),
  null: ascii('null'),
  end: ascii('}\n'),
};
const CONTEXT_OPEN = '{"id":"'.length;
const NEW_STATE_KEY = ',"new_state":'.length;

const USERS: Readonly<Record<EntityInfo['user'], Uint8Array>> = {
  anna: ascii(`","parent_id":null,"user_id":"${hex32('user:anna')}"}`),
  ben: ascii(`","parent_id":null,"user_id":"${hex32('user:ben')}"}`),
};

/** The pieces of a line that depend only on the entity, encoded once. */
const ENTITY_PIECES = HOME.map((e) => ({
  event: ascii(`{"event_type":"state_changed","data":{"entity_id":"${e.id}","old_state":`),
  state: ascii(`,"new_state":{"entity_id":"${e.id}","state":`),
}));

/** States are words and numbers; anything else goes through asciiJson. */
const PLAIN_STATE = /^[A-Za-z0-9_.+\- ]*$/;

export class WireEncoder {
  private readonly byId = new Map(HOME.map((e) => [e.id, e]));
  /** Each entity's last new_state, encoded: the next event's old_state, byte for byte. */
  private readonly newState: (Uint8Array | null)[] = HOME.map(() => null);
  private readonly state: (string | null)[] = HOME.map(() => null);
  /** Each entity's last_changed, encoded (a view into the new_state that changed it). */
  private readonly changed: (Uint8Array | null)[] = HOME.map(() => null);
  /** `,"attributes":{…},"last_changed":"` per attributes object (shared objects encode once). */
  private readonly attributesJson = new WeakMap<object, Uint8Array>();
  private readonly salt: number;

  constructor(seed: number) {
    this.salt = mix32(seed ^ 0x5bd1e995);
  }

  /** The event's JSON line (without newline), for tests and small outputs. */
  line(event: StateEvent): string {
    const sink = new ByteSink(4096);
    this.encode(event, sink);
    return sink.toString().slice(0, -1);
  }

  /**
   * Appends the event's JSON line and a newline. Throws if the events do not chain (a simulator
   * bug). Times and the context are written once and repeated by copying.
   */
  encode(event: StateEvent, sink: ByteSink): void {
    const entity = this.byId.get(event.entityId);
    if (entity === undefined) throw new Error(`unknown entity ${event.entityId}`);
    const e = entity.index;
    if (event.oldState !== this.state[e]) {
      throw new Error(`${event.entityId} at ${event.time}: old state ${event.oldState} is not the previous state ${this.state[e]}`);
    }
    if (event.state === null) throw new Error(`${event.entityId}: the simulator never removes entities`);
    const t = event.time;
    const h = mix32((t % 4294967296) ^ mix32(Math.floor(t / 4294967296) ^ Math.imul(e + 1, 0x9e3779b9) ^ this.salt));
    const micros = h % 1000;
    const previous = this.newState[e] ?? null;
    const lastChanged = event.oldState === event.state ? this.changed[e] ?? null : null;
    const attributes = this.json(event.attributes);
    const state = PLAIN_STATE.test(event.state) ? `"${event.state}"` : asciiJson(event.state);
    const pieces = ENTITY_PIECES[e]!;
    sink.reserve(2 * ((previous?.length ?? 0) + attributes.length + state.length) + 1024);

    sink.bytes(pieces.event);
    sink.bytes(previous ?? PIECE.null);
    const from = sink.length + NEW_STATE_KEY;
    sink.bytes(pieces.state);
    sink.text(state);
    sink.bytes(attributes);
    const changedFrom = sink.length;
    if (lastChanged !== null) sink.bytes(lastChanged);
    else sink.time(t, micros); // changed now: last_changed is this event's time
    const changedTo = sink.length;
    sink.bytes(PIECE.lastReported);
    const timeFrom = sink.length;
    sink.time(t, micros);
    const timeTo = sink.length;
    sink.bytes(PIECE.lastUpdated);
    sink.repeat(timeFrom, timeTo);
    sink.bytes(PIECE.contextId);
    const contextFrom = sink.length - CONTEXT_OPEN;
    sink.ulid(t, mix32(h + 1), mix32(h + 2), mix32(h + 3));
    if (event.cause === 'automation') {
      sink.bytes(PIECE.parent);
      sink.ulid(t - (h % 1500), mix32(h + 4), mix32(h + 5), mix32(h + 6));
      sink.bytes(PIECE.automation);
    } else {
      sink.bytes(event.cause === 'person' ? USERS[entity.user] : PIECE.system);
    }
    const contextTo = sink.length;
    sink.bytes(PIECE.timeFired);
    const stored = sink.buffer.slice(from, contextTo + 1);
    this.newState[e] = stored;
    if (lastChanged === null) this.changed[e] = stored.subarray(changedFrom - from, changedTo - from);
    sink.repeat(timeFrom, timeTo);
    sink.bytes(PIECE.context);
    sink.repeat(contextFrom, contextTo);
    sink.bytes(PIECE.end);
    this.state[e] = event.state;
  }

  /** `,"attributes":{…},"last_changed":"` for an attributes object. */
  private json(attributes: Readonly<Record<string, unknown>>): Uint8Array {
    let bytes = this.attributesJson.get(attributes);
    if (bytes === undefined) {
      bytes = ascii(`,"attributes":${asciiJson(attributes)},"last_changed":"`);
      this.attributesJson.set(attributes, bytes);
    }
    return bytes;
  }
}
