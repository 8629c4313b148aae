/**
 * Delinkcious as a shipshape app: one System per environment profile. `npm run synth` hands this
 * file to `shipshape synth`, exactly as any other project would.
 */
import * as path from 'node:path';
import type { ShipshapeProgramOptions } from 'shipshape/pulumi';
import { defineApp, synthesizeApp, type SynthesizedSystem } from 'shipshape/synth';
import { environmentNames, profileFor, type EnvironmentProfile } from './environments';
import { Delinkcious } from './delinkcious';
import { DELINKCIOUS_VERSION } from './version';

/** Release version of the Helm charts; the written chart version adds the content hash (`0.1.0+<hash>`). */
export const CHART_VERSION = '0.1.0';

const app = defineApp({
  environments: environmentNames,
  build: (scope, env) => {
    new Delinkcious(scope, 'Delinkcious', { profile: profileFor(env ?? '') });
  },
  chart: () => ({
    name: 'delinkcious',
    version: CHART_VERSION,
    appVersion: DELINKCIOUS_VERSION,
    description: 'Delinkcious social bookmarking system',
    keywords: ['delinkcious', 'microservices', 'shipshape'],
  }),
  // One Argo CD Application per environment (dist/argocd/<env>.yaml), from the profile.
  gitops: (_system, env) => profileFor(env ?? '').gitops,
});
export default app;

/** One environment of Delinkcious, synthesized in memory, with its profile. */
export interface DelinkciousEnvironment extends SynthesizedSystem {
  readonly profile: EnvironmentProfile;
  readonly system: Delinkcious;
}

/** Builds Delinkcious for one environment and returns its objects (no file I/O). */
export function synthesizeEnvironment(name: string): DelinkciousEnvironment {
  const [synthesized] = synthesizeApp(app, { environments: [name] });
  if (synthesized === undefined) throw new Error(`environment ${name} synthesized no System`);
  return { ...synthesized, profile: profileFor(name), system: synthesized.system as Delinkcious };
}

/** What shipshape's Pulumi program needs to deploy Delinkcious (src/delinkcious/deploy.ts). */
export const stack: ShipshapeProgramOptions = {
  environments: environmentNames,
  releaseName: 'delinkcious',
  productionEnvironments: ['production'],
  synthesize: synthesizeEnvironment,
  projectRoot: path.resolve(__dirname, '..', '..'),
};
