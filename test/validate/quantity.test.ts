import { parseQuantity } from '../../src/validate';
import { app, report } from './helpers/builders';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['0.5', 0.5],
    ['1', 1],
    ['.5', 0.5],
    ['1.', 1],
    ['+2', 2],
    ['128Mi', 128 * 2 ** 20],
    ['1G', 1e9],
    ['1k', 1e3],
    ['1e3', 1000],
    ['2E-2', 0.02],
    ['500u', 5e-4],
    ['1Ei', 2 ** 60],
    [256, 256],
  ])('reads %j as %d', (text, value) => {
    // GIVEN a Kubernetes quantity WHEN parsed THEN its value is in base units
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(['128MB', '1K', '1mi', '', ' 1', '1 Gi', 'm', '1.2.3', '--1', 'Infinity'])('rejects %j', (text) => {
    // GIVEN a string that is not a quantity WHEN parsed THEN undefined
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('resource requirements', () => {
  function withResources(resources: object): object[] {
    const set = app();
    set[1]!.spec.template.spec.containers[0].resources = resources;
    return set;
  }
  const R = 'spec.template.spec.containers[0].resources';

  it('compares requests and limits across notations', () => {
    // GIVEN a memory request of 1Gi against a limit of 1000Mi, and CPU 0.5 against 500m
    const set = withResources({
      requests: { cpu: '0.5', memory: '1Gi' },
      limits: { cpu: '500m', memory: '1000Mi' },
    });
    // WHEN validated THEN only memory exceeds its limit
    expect(report(set, 'request-above-limit')).toEqual([
      `${R}.requests.memory: memory request 1Gi is greater than its limit 1000Mi`,
    ]);
  });

  it('rejects negative and malformed quantities', () => {
    // GIVEN a negative CPU request and a malformed memory limit WHEN validated THEN both are quantity errors
    const set = withResources({
      requests: { cpu: '-1', memory: '64Mi' },
      limits: { cpu: '1', memory: '1 Gi' },
    });
    expect(report(set, 'schema-quantity')).toEqual([
      `${R}.limits.memory: "1 Gi" is not a Kubernetes quantity`,
      `${R}.requests.cpu: requests.cpu must not be negative, got -1`,
    ]);
  });
});

describe('ephemeral-storage (issue 18)', () => {
  const R = 'spec.template.spec.containers[0].resources';
  it('is checked like cpu and memory: quantities parse, requests stay within limits', () => {
    // GIVEN an ephemeral-storage request over its limit, and a malformed one
    const over = app();
    over[1]!.spec.template.spec.containers[0].resources = {
      requests: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '2Gi' },
      limits: { cpu: '1', memory: '128Mi', 'ephemeral-storage': '1Gi' },
    };
    const bad = app();
    bad[1]!.spec.template.spec.containers[0].resources = {
      requests: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '1 Gi' },
      limits: { cpu: '1', memory: '128Mi' },
    };
    // WHEN / THEN
    expect(report(over, 'request-above-limit')).toEqual([
      `${R}.requests.ephemeral-storage: ephemeral-storage request 2Gi is greater than its limit 1Gi`,
    ]);
    expect(report(bad, 'schema-quantity')).toEqual([
      `${R}.requests.ephemeral-storage: "1 Gi" is not a Kubernetes quantity`,
    ]);
  });
});
