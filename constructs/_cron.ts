import { _fail, type _Where } from './_errors';

// The schedule syntax of the CronJob controller (robfig/cron standard parser): 5 fields or a macro.
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS: readonly {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  names0?: number;
}[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, names0: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, names0: 0 },
];

function value(token: string, f: (typeof FIELDS)[number]): number | undefined {
  const i = f.names?.indexOf(token.toUpperCase()) ?? -1;
  if (i >= 0) return i + (f.names0 ?? 0);
  if (!/^[0-9]+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= f.min && n <= f.max ? n : undefined;
}

function fieldError(spec: string, f: (typeof FIELDS)[number], index: number): string | undefined {
  for (const part of spec.split(',')) {
    const [range = '', step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !/^[1-9][0-9]*$/.test(step)))
      return `bad step in '${part}'`;
    if (range === '*' || (range === '?' && (index === 2 || index === 4))) continue;
    const [lo = '', hi, more] = range.split('-');
    const a = value(lo, f);
    const b = hi === undefined ? a : value(hi, f);
    if (more !== undefined || a === undefined || b === undefined)
      return `'${part}' is outside ${f.min}-${f.max}`;
    if (a > b) return `range '${range}' is reversed`;
  }
  return undefined;
}

/** A CronJob schedule: five fields (minute hour day-of-month month day-of-week) or a macro such as `@daily`. */
export function _cron(scope: _Where, prop: string, schedule: string): void {
  if (typeof schedule !== 'string') _fail(scope, prop, 'must be a cron expression', schedule);
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s))
    _fail(scope, prop, 'must not set a time zone in the schedule', schedule, "Use the 'timeZone' prop");
  if (s.startsWith('@')) {
    if (!MACROS.has(s))
      _fail(scope, prop, `must be one of ${[...MACROS].join(', ')} when it starts with @`, schedule);
    return;
  }
  const parts = s.split(/\s+/);
  if (parts.length !== 5)
    _fail(scope, prop, 'must have 5 fields: minute hour day-of-month month day-of-week', schedule);
  FIELDS.forEach((f, i) => {
    const err = fieldError(parts[i] ?? '', f, i);
    if (err) _fail(scope, prop, `has an invalid ${f.name} field: ${err}`, schedule);
  });
}
