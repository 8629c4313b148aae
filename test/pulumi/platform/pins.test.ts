import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_KUBERNETES_VERSIONS } from '../../../src/pulumi/cluster-config';
import {
  kubernetesMinor,
  minorWithin,
  pinCovers,
  pinsFor,
  PLATFORM_PINS,
  type PlatformPin,
} from '../../../src/pulumi/platform/pins';

const TOOLS = fs.readFileSync(path.join(__dirname, '../../../e2e/tools.sh'), 'utf8');
/** Minors of the API servers e2e/tools.sh builds (K8S_OLD, K8S_MID, K8S_NEW). */
const E2E_MINORS = [...TOOLS.matchAll(/^K8S_[A-Z]+=(\d+\.\d+)\.\d+$/gm)].map((m) => m[1]);

const minorsOf = (min: string, max: string): string[] => {
  const n = (v: string) => Number(v.split('.')[1]);
  return Array.from({ length: n(max) - n(min) + 1 }, (_, i) => `1.${n(min) + i}`);
};

describe('the platform pins table', () => {
  test("covers, with every pin's declared range, every Kubernetes minor it is offered for", () => {
    // GIVEN every range WHEN each pin is checked against each minor of the range THEN none is uncovered
    const gaps = PLATFORM_PINS.flatMap((set) =>
      minorsOf(set.minors.min, set.minors.max).flatMap((minor) => [
        ...Object.entries(set.charts)
          .filter(([, pin]) => !pinCovers(pin as PlatformPin, minor))
          .map(([key]) => `${key} on ${minor}`),
        ...(pinCovers({ kubernetes: set.gatewayApi.kubernetes }, minor) ? [] : [`gatewayApi on ${minor}`]),
      ]),
    );
    expect(gaps).toEqual([]);
  });

  test('counts a minor as verified by e2e only when e2e runs an API server of that minor', () => {
    // GIVEN the pins that lean on e2e beyond upstream's statement THEN e2e/tools.sh builds that API server
    const leaning = PLATFORM_PINS.flatMap((s) =>
      Object.values(s.charts).flatMap((p) => p.verifiedByE2e ?? []),
    );
    expect(leaning.length).toBeGreaterThan(0);
    for (const minor of leaning) expect([minor, E2E_MINORS.includes(minor)]).toEqual([minor, true]);
  });

  test('offers only minors upstream supports: the three newest of 2026-12-06 (1.35, 1.36, 1.37)', () => {
    expect(PLATFORM_PINS.map((s) => s.minors)).toEqual([{ min: '1.35', max: '1.37' }]);
    // and e2e applies the pins' CRDs to the oldest and newest API server of the range
    expect(E2E_MINORS).toEqual(expect.arrayContaining(['1.35', '1.37']));
  });

  test('puts the minikube and cloud defaults inside a range', () => {
    for (const [kind, version] of Object.entries(DEFAULT_KUBERNETES_VERSIONS)) {
      const minor = kubernetesMinor(version)!;
      const inside = PLATFORM_PINS.some((s) => minorWithin(minor, s.minors.min, s.minors.max));
      expect([kind, version, inside]).toEqual([kind, version, true]);
    }
    expect(DEFAULT_KUBERNETES_VERSIONS.minikube).toBe('v1.37.2');
  });

  test('pins exact versions, each with its source and upstream statement', () => {
    for (const set of PLATFORM_PINS) {
      for (const [key, pin] of Object.entries(set.charts)) {
        expect([key, pin.version]).toEqual([key, expect.stringMatching(/^v?\d+\.\d+\.\d+$/)]);
        expect([key, pin.repo]).toEqual([key, expect.stringMatching(/^(https|oci):\/\/\S+$/)]);
        expect([key, pin.support.length > 40]).toEqual([key, true]);
      }
      expect(set.gatewayApi.url).toContain(`/${set.gatewayApi.version}/standard-install.yaml`);
      expect(set.argoCdVersion).toMatch(/^v3\.\d+\.\d+$/);
    }
  });

  test('installs no ingress-nginx', () => {
    expect(JSON.stringify(PLATFORM_PINS)).not.toContain('ingress-nginx');
  });
});

describe('pinsFor', () => {
  test.each(['v1.35.4', '1.36', 'v1.37.2', '1.35.2-eks-1'])('picks the range of %s', (version) => {
    expect(pinsFor(version, 'x').minors).toEqual({ min: '1.35', max: '1.37' });
  });

  test.each(['v1.27.16', '1.34', 'v1.38.0', 'latest'])(
    'refuses %s, naming the source and the ranges',
    (version) => {
      expect(() => pinsFor(version, 'shipshape:existing.kubernetesVersion')).toThrow(
        `shipshape:existing.kubernetesVersion is Kubernetes '${version}', which no platform pin covers (supported: 1.35–1.37; upstream supports the three newest minors): choose a supported version, or install nothing of the platform on this cluster`,
      );
    },
  );
});
