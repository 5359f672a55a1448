/**
 * Who a request comes from. The socket's peer is the client unless the request came through a
 * proxy: then the forwarding headers (Forwarded, X-Forwarded-For, X-Real-IP) name the client,
 * and they are believed only when the peer is a configured trusted proxy (`trusted_proxies`, IPs
 * or CIDRs, as Home Assistant's own `http` integration does). A forwarding header from any other
 * peer leaves the client unknown: such a request counts as remote.
 */
import { BlockList, isIP } from 'node:net';

const MAPPED = '::ffff:';

/** `::ffff:192.168.1.2` → `192.168.1.2`; other addresses unchanged. */
export function plainAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith(MAPPED) && isIP(lower.slice(MAPPED.length)) === 4 ? lower.slice(MAPPED.length) : lower;
}

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** A set of addresses and networks (node's BlockList), checked with IPv4-mapped IPv6 unwrapped. */
export class AddressSet {
  private readonly list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const parsed = parseEntry(entry);
      if (parsed === null) throw new Error(`not an IP address or CIDR network: ${JSON.stringify(entry)}`);
      this.list.addSubnet(parsed.network, parsed.prefix, family(parsed.network));
    }
  }

  has(address: string | undefined): boolean {
    if (address === undefined || isIP(address) === 0) return false;
    const plain = plainAddress(address);
    return this.list.check(plain, family(plain));
  }
}

/** `10.0.0.0/8`, `fd00::/8`, or one address (a /32 or /128); null when it is neither. */
export function parseEntry(entry: string): { network: string; prefix: number } | null {
  const [network = '', prefix, extra] = entry.trim().split('/');
  const kind = isIP(network);
  if (kind === 0 || extra !== undefined) return null;
  const max = kind === 4 ? 32 : 128;
  if (prefix === undefined) return { network, prefix: max };
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return null;
  return { network, prefix: Number(prefix) };
}

export const isAddressOrNetwork = (entry: string): boolean => parseEntry(entry) !== null;

const LOOPBACK = new AddressSet(['127.0.0.0/8', '::1']);
/** Private and link-local networks: what "the LAN" means for `allow_unauthenticated_lan`. */
const PRIVATE = new AddressSet(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', 'fc00::/7', 'fe80::/10']);

export const isLoopback = (address: string | undefined): boolean => LOOPBACK.has(address);
export const isPrivate = (address: string | undefined): boolean => PRIVATE.has(address);

/** The headers a proxy adds to name the client. */
export const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

export type HeaderSource = (name: string) => string | undefined;

/** One address out of a forwarding header's element: quotes, brackets and a port removed; undefined when it is not an address. */
function addressOf(raw: string): string | undefined {
  let value = raw.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed !== null) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.indexOf(':'));
  return isIP(value) === 0 ? undefined : plainAddress(value);
}

/** The addresses a request passed through, client first, as its proxies recorded them. */
function forwardedChain(header: HeaderSource): (string | undefined)[] | null {
  const forwarded = header('forwarded');
  if (forwarded !== undefined) {
    return forwarded.split(',').map((element) => {
      const pair = element.split(';').map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('for='));
      return pair === undefined ? undefined : addressOf(pair.slice(4));
    });
  }
  const list = header('x-forwarded-for') ?? header('x-real-ip');
  return list === undefined ? null : list.split(',').map(addressOf);
}

export interface Client {
  /** The client's address, or undefined when it cannot be known (then it is remote). */
  readonly address: string | undefined;
  /** The request carried a forwarding header. */
  readonly proxied: boolean;
  /** Why the address is unknown, for the refusal message. */
  readonly untrustedProxy: boolean;
}

/**
 * The real client of a request from `peer`: the peer itself without forwarding headers; through
 * trusted proxies, the rightmost address of the chain that is not a trusted proxy (the leftmost
 * when all are); with forwarding headers from an untrusted peer, unknown.
 */
export function clientOf(peer: string | undefined, header: HeaderSource, trusted: AddressSet): Client {
  const chain = forwardedChain(header);
  if (chain === null) return { address: peer === undefined ? undefined : plainAddress(peer), proxied: false, untrustedProxy: false };
  if (!trusted.has(peer)) return { address: undefined, proxied: true, untrustedProxy: true };
  // An unreadable hop (undefined) is no trusted proxy: the walk stops there, with the client unknown.
  for (let i = chain.length - 1; i > 0; i--) {
    if (!trusted.has(chain[i])) return { address: chain[i], proxied: true, untrustedProxy: false };
  }
  return { address: chain[0], proxied: true, untrustedProxy: false };
}
