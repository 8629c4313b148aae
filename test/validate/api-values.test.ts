import { validateObjects } from '../../src/validate';

// Issue 11 class 2: hand-written YAML gets the API-server rules the constructs enforce.

const pod = (extra: Record<string, unknown> = {}, mount = '/tmp') => ({
  containers: [
    {
      name: 'c',
      image: 'nginx:1.25.3',
      volumeMounts: [{ name: 'v', mountPath: mount }],
      ...extra,
    },
  ],
  volumes: [{ name: 'v', emptyDir: {} }],
});

function invalidValues(object: Record<string, unknown>): string[] {
  return validateObjects([{ object }])
    .filter((f) => f.ruleId === 'invalid-value')
    .map((f) => `${f.path}: ${f.message}`);
}

describe('invalid-value', () => {
  test('a CronJob time zone that is not an IANA zone', () => {
    // GIVEN / WHEN / THEN
    const cron = (timeZone: string) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'n' },
      spec: { schedule: '@daily', timeZone, jobTemplate: { spec: { template: { spec: pod() } } } },
    });
    expect(invalidValues(cron('Mars/Olympus'))).toEqual([
      'spec.timeZone: time zone "Mars/Olympus" is not an IANA time zone the controller can load',
    ]);
    expect(invalidValues(cron('Europe/Berlin'))).toEqual([]);
  });

  test('ipBlock CIDRs that do not parse, and except ranges outside the cidr', () => {
    // GIVEN
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'n' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] },
          { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16', '256.1.0.0/16'] } }] },
          { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }] },
        ],
      },
    };
    // WHEN / THEN
    expect(invalidValues(policy)).toEqual([
      'spec.egress[0].to[0].ipBlock.cidr: ipBlock cidr "10.0.0.0/33" is not a CIDR (IPv4 prefix <= 32, IPv6 <= 128)',
      'spec.egress[1].to[0].ipBlock.except[0]: ipBlock except "192.168.0.0/16" is not inside cidr "10.0.0.0/8"',
      'spec.egress[1].to[0].ipBlock.except[1]: ipBlock except "256.1.0.0/16" is not a CIDR (IPv4 prefix <= 32, IPv6 <= 128)',
      // issue 18: the API server wants a strict subset
      'spec.egress[2].to[0].ipBlock.except[0]: ipBlock except "10.0.0.0/8" equals cidr "10.0.0.0/8" (the API server wants a strict subset)',
    ]);
  });

  test('CIDRs a 1.27 API server accepts and newer ones refuse: bits after the prefix, IPv4-mapped IPv6', () => {
    // GIVEN (what a v1.37 server answers: "must not have bits set beyond the prefix length",
    // "must not have an IPv4-mapped IPv6 address")
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'n' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.1/16'] } }] }],
      },
    };
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'n' },
      spec: {
        type: 'LoadBalancer',
        ports: [{ port: 80 }],
        loadBalancerSourceRanges: ['203.0.113.7/24', '::ffff:10.0.0.0/104', '2001:db8::/32'],
      },
    };
    // WHEN / THEN
    expect(invalidValues(policy)).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: ipBlock except "10.1.0.1/16" has address bits set after its prefix length',
    ]);
    expect(invalidValues(service)).toEqual([
      'spec.loadBalancerSourceRanges[0]: loadBalancerSourceRange "203.0.113.7/24" has address bits set after its prefix length',
      'spec.loadBalancerSourceRanges[1]: loadBalancerSourceRange "::ffff:10.0.0.0/104" is an IPv4-mapped IPv6 range',
    ]);
  });

  test('ConfigMap references with an invalid name or key, and a mount over /', () => {
    // GIVEN
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'n' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: pod(
            { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'Bad_Name', key: 'a b' } } }] },
            '/',
          ),
        },
      },
    };
    // WHEN / THEN
    expect(invalidValues(deployment)).toEqual([
      'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key: ConfigMap key "a b" must consist of alphanumerics, "-", "_" or "."',
      'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name: ConfigMap name "Bad_Name" must be a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", starting and ending alphanumeric)',
      'spec.template.spec.containers[0].volumeMounts[0].mountPath: mountPath "/" would mount a volume over the container\'s root filesystem',
    ]);
  });

  test('an object over the request limit', () => {
    // GIVEN a 2 MB ConfigMap
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'n' },
      data: { a: 'x'.repeat(2_000_000) },
    };
    // WHEN / THEN
    expect(invalidValues(cm)).toEqual([
      ": the object is 2000094 bytes, more than the API server's 1572864-byte request limit",
    ]);
  });
});
