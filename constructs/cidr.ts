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
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
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
  const m = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(s);
  if (!m) return undefined;
  const prefix = Number(m[2]);
  const v4 = m[1].includes(':') ? undefined : ipv4(m[1]);
  if (v4 !== undefined) return prefix <= 32 ? { family: 4, address: v4, prefix } : undefined;
  const v6 = m[1].includes(':') ? ipv6(m[1]) : undefined;
  return v6 !== undefined && prefix <= 128 ? { family: 6, address: v6, prefix } : undefined;
}

/** Whether `inner` is a range inside `outer` (same family, longer or equal prefix, same network bits). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const width = outer.family === 4 ? 32n : 128n;
  const shift = width - BigInt(outer.prefix);
  return outer.address >> shift === inner.address >> shift;
}
