// IP ranges as the API server parses them (net.ParseCIDR). No imports: the validator checks
// NetworkPolicy ipBlocks and loadBalancerSourceRanges of any manifest with the same code.

/** A parsed CIDR: address family, network address bits and prefix length. */
export interface Cidr {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The address as an unsigned integer. */
  readonly address: bigint;
  /** Prefix length. */
  readonly prefix: number;
}

function ipv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    // Go refuses leading zeros (ambiguous octal) since 1.17.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

function ipv6(s: string): bigint | undefined {
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    tail4 = ipv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined) => (h === undefined || h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  let n = 0n;
  for (const g of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return tail4 === undefined ? n : (n & ~0xffffffffn) | tail4;
}

/** Parses `a.b.c.d/n` (n <= 32) or an IPv6 range (n <= 128); `undefined` when it is not one. */
export function parseCidr(s: unknown): Cidr | undefined {
  if (typeof s !== 'string') return undefined;
  const [, address, bits] = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(s) ?? [];
  if (address === undefined) return undefined;
  const prefix = Number(bits);
  const v4 = address.includes(':') ? undefined : ipv4(address);
  if (v4 !== undefined) return prefix <= 32 ? { family: 4, address: v4, prefix } : undefined;
  const v6 = address.includes(':') ? ipv6(address) : undefined;
  return v6 !== undefined && prefix <= 128 ? { family: 6, address: v6, prefix } : undefined;
}

/** Whether `inner` is a range inside `outer` (same family, longer or equal prefix, same network bits). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const width = outer.family === 4 ? 32n : 128n;
  const shift = width - BigInt(outer.prefix);
  return outer.address >> shift === inner.address >> shift;
}

/**
 * The range as the API server writes it back (Go's netip.Prefix): IPv4 dotted, IPv6 per RFC 5952
 * (lowercase, no leading zeros, the longest run of two or more zero groups as `::`; IPv4-mapped
 * addresses in hex too). Bits after the prefix are written as they are: clear them first
 * ({@link cidrNetwork}) for the network's own text.
 */
export function formatCidr(cidr: Cidr): string {
  if (cidr.family === 4) {
    const a = cidr.address;
    return `${[24n, 16n, 8n, 0n].map((s) => String((a >> s) & 0xffn)).join('.')}/${cidr.prefix}`;
  }
  const groups = [...Array<number>(8).keys()].map((i) =>
    Number((cidr.address >> BigInt(16 * (7 - i))) & 0xffffn),
  );
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: readonly number[]) => gs.map((g) => g.toString(16)).join(':');
  const text =
    best.at < 0
      ? hex(groups)
      : `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.length))}`;
  return `${text}/${cidr.prefix}`;
}

/** The range with the bits after its prefix cleared (`10.1.2.3/8` -> `10.0.0.0/8`). */
export function cidrNetwork(cidr: Cidr): Cidr {
  const width = cidr.family === 4 ? 32n : 128n;
  const host = (1n << (width - BigInt(cidr.prefix))) - 1n;
  return { ...cidr, address: cidr.address & ~host };
}

/** Whether the range is IPv6 inside `::ffff:0:0/96` (an IPv4 address in IPv6 form), which API servers since 1.33 refuse. */
export function isIpv4Mapped(cidr: Cidr): boolean {
  return cidr.family === 6 && cidr.address >> 32n === 0xffffn;
}
