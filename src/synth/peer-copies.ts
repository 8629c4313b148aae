/**
 * Two copies of cdk8s (or cdk8s-plus-27, or constructs) in one process break synthesis with
 * "can't render non-simple object of type 'Lazy'": each copy only renders its own objects. They are
 * shipshape's peer dependencies so that npm installs one copy; this names the copies when it did not.
 */
import { ShipshapeError } from '../../constructs';

const PEERS = ['cdk8s', 'cdk8s-plus-27', 'constructs'] as const;
const ROOT = /^(.*[\\/]node_modules[\\/](cdk8s|cdk8s-plus-27|constructs))[\\/]/;

/** Package roots of the peers among `files` (module paths), by package name. */
export function peerCopies(files: readonly string[]): Map<string, string[]> {
  const copies = new Map<string, Set<string>>(PEERS.map((p) => [p, new Set()]));
  for (const file of files) {
    const m = ROOT.exec(file);
    if (m) copies.get(m[2]!)?.add(m[1]!);
  }
  return new Map([...copies].map(([name, roots]) => [name, [...roots].sort()]));
}

/** Throws naming every peer loaded from more than one place; `files` defaults to the loaded modules. */
export function checkSinglePeers(files: readonly string[] = Object.keys(require.cache ?? {})): void {
  const doubled = [...peerCopies(files)].filter(([, roots]) => roots.length > 1);
  if (doubled.length === 0) return;
  const list = doubled.map(([name, roots]) => `${name} from ${roots.join(' and ')}`).join('; ');
  throw new ShipshapeError(
    `shipshape: 'cdk8s' must be loaded once (got ${list}). Objects of one copy cannot be rendered by the other ` +
      `("can't render non-simple object of type 'Lazy'"). cdk8s, cdk8s-plus-27 and constructs are peer dependencies ` +
      'of shipshape: depend on them once in your package.json, then npm dedupe (npm ls cdk8s shows the copies)',
  );
}
