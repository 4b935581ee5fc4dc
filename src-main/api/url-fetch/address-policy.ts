import net from 'node:net';

/**
 * Which addresses a URL given to the API may reach. The server runs on the user's machine, inside
 * their network: a URL is a request to fetch on the user's behalf, so anything that is not the
 * public internet (the machine itself, the LAN, cloud metadata) is refused unless the user opted in.
 */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'shared_cgnat'
  | 'unspecified'
  | 'multicast'
  | 'metadata'
  | 'reserved';

/**
 * `true` lets the loopback, private, link-local and CGNAT categories through (a LAN-only setup);
 * a list lets exactly those addresses through (one NAS). Metadata, unspecified, multicast and
 * reserved addresses are never fetched.
 */
export type PrivateAddressAllowance = boolean | readonly string[];

const LIFTABLE: ReadonlySet<AddressCategory> = new Set(['loopback', 'private', 'link_local', 'shared_cgnat']);

// Cloud instance-metadata endpoints: credentials live there, so no setting opens them.
const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192']);
const METADATA_V6 = new Set(['fd00:ec2:0:0:0:0:0:254']);

type Range = { first: number; bits: number; category: AddressCategory };

const v4 = (text: string): number => text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
const V4_RANGES: Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared_cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
].map(([first, bits, category]) => ({ first: v4(first as string), bits: bits as number, category: category as AddressCategory }));

function classifyV4(address: string): AddressCategory {
  if (METADATA_V4.has(address)) return 'metadata';
  const value = v4(address);
  for (const range of V4_RANGES) {
    const size = 2 ** (32 - range.bits);
    if (value >= range.first && value < range.first + size) return range.category;
  }
  return 'public';
}

/** The 16 bytes of an IPv6 address (zone id dropped, embedded dotted quad allowed), or null. */
export function ipv6Bytes(text: string): Uint8Array | null {
  const address = text.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (net.isIPv6(address) === false) return null;
  let head = address;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    tail.push(...dotted[1]!.split('.').map(Number));
    head = address.slice(0, -dotted[1]!.length);
    if (!head.endsWith('::')) head = head.replace(/:$/, '');
  }
  const groupsWanted = (16 - tail.length) / 2;
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const parse = (part: string | null | undefined): number[] => (part ? part.split(':').filter((group) => group !== '').map((group) => parseInt(group, 16)) : []);
  const leftGroups = parse(left);
  const rightGroups = parse(right);
  const missing = groupsWanted - leftGroups.length - rightGroups.length;
  const groups = right === null ? leftGroups : [...leftGroups, ...new Array<number>(missing).fill(0), ...rightGroups];
  if (groups.length !== groupsWanted) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  bytes.set(tail, groupsWanted * 2);
  return bytes;
}

const groupsOf = (bytes: Uint8Array): string =>
  Array.from({ length: 8 }, (_, index) => ((bytes[index * 2]! << 8) | bytes[index * 2 + 1]!).toString(16)).join(':');
const embeddedV4 = (bytes: Uint8Array, offset: number): string => Array.from(bytes.subarray(offset, offset + 4)).join('.');
const allZero = (bytes: Uint8Array, from: number, to: number): boolean => bytes.subarray(from, to).every((byte) => byte === 0);

function classifyV6(bytes: Uint8Array): AddressCategory {
  if (METADATA_V6.has(groupsOf(bytes))) return 'metadata';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) forms reach the IPv4 address.
  if (allZero(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return classifyV4(embeddedV4(bytes, 12));
  if (allZero(bytes, 0, 12)) {
    if (allZero(bytes, 12, 16)) return 'unspecified';
    if (allZero(bytes, 12, 15) && bytes[15] === 1) return 'loopback';
    const inner = classifyV4(embeddedV4(bytes, 12));
    return inner === 'public' ? 'reserved' : inner;
  }
  const first = (bytes[0]! << 8) | bytes[1]!;
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that a gateway will reach.
  if (first === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && allZero(bytes, 4, 12)) return classifyV4(embeddedV4(bytes, 12));
  if (first === 0x2002) return classifyV4(embeddedV4(bytes, 2));
  if (bytes[0] === 0xff) return 'multicast';
  if ((bytes[0]! & 0xfe) === 0xfc) return 'private'; // fc00::/7, unique local
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) return 'link_local'; // fe80::/10
  if (bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0xc0) return 'reserved'; // fec0::/10, old site-local
  if (first === 0x2001 && ((bytes[2]! << 8) | bytes[3]!) === 0x0db8) return 'reserved'; // documentation
  if (first === 0x2001 && bytes[2] === 0 && bytes[3] === 0) return 'reserved'; // Teredo tunnels
  if (first === 0x0100 && allZero(bytes, 2, 8)) return 'reserved'; // discard prefix
  return 'public';
}

export function classifyAddress(address: string): AddressCategory {
  if (net.isIPv4(address)) return classifyV4(address);
  const bytes = ipv6Bytes(address);
  return bytes ? classifyV6(bytes) : 'reserved';
}

/** One spelling per address, so an allowance list matches `::1` and `0:0::1` alike. */
function canonical(address: string): string {
  if (net.isIPv4(address)) return address;
  const bytes = ipv6Bytes(address);
  return bytes ? groupsOf(bytes) : address;
}

/** Why this address may not be fetched, or null when it may. */
export function addressRefusal(address: string, allowance: PrivateAddressAllowance): string | null {
  const category = classifyAddress(address);
  if (category === 'public') return null;
  if (LIFTABLE.has(category)) {
    if (allowance === true) return null;
    if (Array.isArray(allowance) && allowance.some((allowed) => canonical(allowed) === canonical(address))) return null;
    return `${address} is a ${category.replace('_', '-')} address; the local API does not fetch from this machine or its network`;
  }
  return `${address} is a ${category.replace('_', '-')} address, which is never fetched`;
}
