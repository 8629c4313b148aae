/** Every environment profile of Delinkcious, and the look-up by name. */
import { local } from './local';
import { production } from './production';
import type { EnvironmentName, EnvironmentProfile } from './profile';
import { staging } from './staging';

/** Every environment, by name, in synthesis order. */
export const profiles: Readonly<Record<EnvironmentName, EnvironmentProfile>> = { local, staging, production };

/** Names of every environment. */
export const environmentNames = Object.keys(profiles) as EnvironmentName[];

/** The profile of `name`; fails naming the known environments. */
export function profileFor(name: string): EnvironmentProfile {
  if (!Object.prototype.hasOwnProperty.call(profiles, name)) {
    throw new Error(`unknown environment '${name}': must be one of ${environmentNames.join(', ')}`);
  }
  return profiles[name as EnvironmentName];
}
