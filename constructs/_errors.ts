import type { IConstruct } from 'constructs';

/** An invalid construct input. The message always reads `<path>: '<prop>' <rule> (got <value>)[. <hint>]`. */
export class ShipshapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShipshapeError';
  }
}

/** Renders a bad value for an error message: strings quoted, everything else as JSON. */
export function _show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Throws a {@link ShipshapeError} in the one message format of the library. */
export function _fail(scope: IConstruct, prop: string, rule: string, got: unknown, hint?: string): never {
  const suffix = hint ? `. ${hint}` : '';
  throw new ShipshapeError(`${scope.node.path}: '${prop}' ${rule} (got ${_show(got)})${suffix}`);
}
