/**
 * A byte buffer that JSON lines are written into directly. Measured on the simulator's 1 KB
 * lines: building each line as a string and encoding it cost ~3 µs (V8 flattens every line's
 * rope, and one '°' sends the UTF-8 encoder down its slow path). Here a line is mostly native
 * copies (Uint8Array#set) of pre-encoded pieces; JS writes single bytes only for digits and ids,
 * where a per-byte loop costs ~3 ns a byte. Everything written here is ASCII.
 */

const CROCKFORD = Uint8Array.from('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (c) => c.charCodeAt(0));
const DAY_MS = 86_400_000;
const ZERO = 48;

/** ASCII text as bytes (for constant pieces of JSON). */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code > 127) throw new RangeError(`not ASCII: ${JSON.stringify(text)}`);
    return code;
  });
}

/**
 * JSON with every non-ASCII character escaped (`"°C"` → `"\u00b0C"`), as Python's json.dumps
 * writes it: the same text to any JSON parser, and a line stays ASCII.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A plain Uint8Array, not a Buffer: Buffer overrides subarray and slice in JS, which made copying
 * a line's new state the most expensive step of all.
 */
export class ByteSink {
  buffer: Uint8Array;
  length = 0;
  private prefixDay = Number.NaN;
  private readonly prefix = new Uint8Array(11);

  constructor(capacity = 1 << 20) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Hands over the bytes so far and starts a new buffer (a pending write keeps the old one). */
  take(): Uint8Array {
    const full = this.buffer.subarray(0, this.length);
    this.buffer = new Uint8Array(this.buffer.length);
    this.length = 0;
    return full;
  }

  /** The bytes so far as text (for tests). */
  toString(): string {
    return Buffer.from(this.buffer.buffer, this.buffer.byteOffset, this.length).toString('latin1');
  }

  /** Makes room for n more bytes. Callers reserve a whole line's worth before writing it. */
  reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  bytes(bytes: Uint8Array): void {
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Repeats bytes already written (a time, a context) at the end. */
  repeat(from: number, to: number): void {
    this.buffer.copyWithin(this.length, from, to);
    this.length += to - from;
  }

  /** A short string known to be ASCII (entity ids, plain states). */
  text(text: string): void {
    const b = this.buffer;
    const at = this.length;
    for (let i = 0; i < text.length; i++) b[at + i] = text.charCodeAt(i);
    this.length = at + text.length;
  }

  /**
   * HA's timestamp, `2026-11-24T06:30:12.345678+00:00`: isoformat with microseconds, dropped (as
   * Python does) when they are all zero.
   */
  time(ms: number, micros: number): void {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.prefixDay) {
      this.prefixDay = day;
      const iso = new Date(day * DAY_MS).toISOString();
      for (let i = 0; i < 11; i++) this.prefix[i] = iso.charCodeAt(i);
    }
    this.bytes(this.prefix);
    let rest = ms - day * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;
    this.digits(hours, 2);
    this.buffer[this.length++] = 58; // :
    this.digits(minutes, 2);
    this.buffer[this.length++] = 58;
    this.digits(seconds, 2);
    if (millis !== 0 || micros !== 0) {
      this.buffer[this.length++] = 46; // .
      this.digits(millis, 3);
      this.digits(micros, 3);
    }
    this.text('+00:00');
  }

  /** A ULID (what HA's context ids are): 48-bit time, then 80 bits of (here: hashed) randomness. */
  ulid(ms: number, a: number, b: number, c: number): void {
    const buf = this.buffer;
    const at = this.length;
    let t = ms;
    for (let i = 9; i >= 0; i--) {
      buf[at + i] = CROCKFORD[t % 32]!;
      t = Math.floor(t / 32);
    }
    for (let i = 0; i < 16; i++) {
      const word = i < 6 ? a : i < 12 ? b : c;
      buf[at + 10 + i] = CROCKFORD[(word >>> ((i % 6) * 5)) & 31]!;
    }
    this.length = at + 26;
  }

  private digits(value: number, width: number): void {
    const b = this.buffer;
    let v = value;
    for (let i = width - 1; i >= 0; i--) {
      b[this.length + i] = ZERO + (v % 10);
      v = Math.floor(v / 10);
    }
    this.length += width;
  }
}
