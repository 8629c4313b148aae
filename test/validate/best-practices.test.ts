import { app, container, findings, report, serviceAccount, type Obj } from './helpers/builders';

function withContainer(change: (c: Obj) => void): Obj[] {
  const set = app();
  change(set[1]!.spec.template.spec.containers[0]);
  return set;
}
const C0 = 'spec.template.spec.containers[0]';

describe('best practices: images', () => {
  it.each([
    ['nginx', 'container "web" image "nginx" has no tag (implicitly :latest)'],
    [
      'registry.example.com:5000/team/web',
      'container "web" image "registry.example.com:5000/team/web" has no tag (implicitly :latest)',
    ],
    ['nginx:latest', 'container "web" image "nginx:latest" uses the latest tag'],
    // issue 18: a tag without a version number moves, as the constructs say
    ['redis:alpine', 'container "web" image "redis:alpine" uses the moving tag "alpine" (no version number)'],
    [
      'registry.example.com:5000/debian:bookworm',
      'container "web" image "registry.example.com:5000/debian:bookworm" uses the moving tag "bookworm" (no version number)',
    ],
  ])('warns about %s', (image, message) => {
    // GIVEN the image WHEN validated THEN the warning explains why it is not pinned
    expect(
      report(
        withContainer((c) => (c.image = image)),
        'image-not-pinned',
      ),
    ).toEqual([`${C0}.image: ${message}`]);
  });

  it.each([
    'registry.example.com:5000/team/web:1.2.3',
    'nginx@sha256:0123456789abcdef',
    'nginx:latest@sha256:0123456789abcdef',
  ])('accepts %s', (image) => {
    // GIVEN a tagged or digest-pinned image WHEN validated THEN no warning
    expect(
      report(
        withContainer((c) => (c.image = image)),
        'image-not-pinned',
      ),
    ).toEqual([]);
  });
});

describe('best practices: resources, probes and filesystem', () => {
  it('reports each missing CPU/memory request and limit at its own path', () => {
    // GIVEN a container with only a CPU request WHEN validated
    const set = withContainer((c) => (c.resources = { requests: { cpu: '100m' } }));
    // THEN the other three are reported
    expect([...report(set, 'unset-cpu-requirements'), ...report(set, 'unset-memory-requirements')]).toEqual([
      `${C0}.resources.limits.cpu: container "web" has no CPU limit`,
      `${C0}.resources.limits.memory: container "web" has no memory limit`,
      `${C0}.resources.requests.memory: container "web" has no memory request`,
    ]);
  });

  it('counts a zero request or limit as unset', () => {
    // GIVEN CPU requests/limits of 0 WHEN validated THEN both are reported as missing
    const set = withContainer(
      (c) => (c.resources = { requests: { cpu: '0', memory: '64Mi' }, limits: { cpu: 0, memory: '64Mi' } }),
    );
    expect(report(set, 'unset-cpu-requirements')).toEqual([
      `${C0}.resources.limits.cpu: container "web" has no CPU limit`,
      `${C0}.resources.requests.cpu: container "web" has no CPU request`,
    ]);
  });

  it('does not ask Jobs, CronJobs or run-once Pods for probes', () => {
    // GIVEN a Job and a Pod with restartPolicy Never, both without probes
    const probeless = { ...container(), livenessProbe: undefined, readinessProbe: undefined };
    const spec = {
      serviceAccountName: 'web',
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      restartPolicy: 'Never',
      containers: [probeless],
    };
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'shop' },
      spec: { template: { spec } },
    };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec };
    // WHEN validated THEN no probe warning
    expect(findings([serviceAccount(), job, pod]).filter((f) => f.ruleId.endsWith('-probe'))).toEqual([]);
  });

  it('reports a probe on a port name the container does not declare, and an undeclared port number', () => {
    // GIVEN a liveness probe on "metrics" and a readiness probe on 9090, while the container declares http/8080
    const set = withContainer((c) => {
      c.livenessProbe = { httpGet: { path: '/', port: 'metrics' } };
      c.readinessProbe = { tcpSocket: { port: 9090 } };
    });
    // WHEN validated THEN both are reported, the named one as an error
    const found = findings(set).filter((f) => f.ruleId.startsWith('probe-port'));
    expect(found.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      [
        'probe-port-missing',
        'error',
        'container "web" livenessProbe uses port "metrics", which is not a port name of the container (http)',
      ],
      [
        'probe-port-undeclared',
        'warning',
        'container "web" readinessProbe probes port 9090, which is not one of its container ports (8080)',
      ],
    ]);
  });

  it('asks init containers for a read-only root filesystem too', () => {
    // GIVEN an init container without securityContext
    const set = app();
    set[1]!.spec.template.spec.initContainers = [
      { name: 'init', image: 'busybox:1.36', resources: container().resources },
    ];
    // WHEN validated THEN it is reported
    expect(report(set, 'no-read-only-root-fs')).toEqual([
      'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem: init container "init" does not set readOnlyRootFilesystem: true',
    ]);
  });
});

describe('best practices: service accounts', () => {
  it('warns about the default ServiceAccount and its token', () => {
    // GIVEN a pod without serviceAccountName
    const set = app();
    delete set[1]!.spec.template.spec.serviceAccountName;
    // WHEN validated THEN both warnings name "default"
    expect([
      ...report(set, 'default-service-account'),
      ...report(set, 'automount-service-account-token'),
    ]).toEqual([
      'spec.template.spec.serviceAccountName: the pod runs under the "default" ServiceAccount',
      'spec.template.spec.automountServiceAccountToken: the pod mounts the token of ServiceAccount "default" (automountServiceAccountToken is not false on the pod)',
    ]);
  });

  it('inherits automountServiceAccountToken: false from the ServiceAccount unless the pod says true', () => {
    // GIVEN a ServiceAccount that disables the token, and a pod that sets it back to true
    const set = app();
    set[1]!.spec.template.spec.automountServiceAccountToken = true;
    // WHEN validated THEN the pod's explicit true is reported
    expect(report(set, 'automount-service-account-token')).toEqual([
      'spec.template.spec.automountServiceAccountToken: the pod mounts its ServiceAccount token',
    ]);
    // AND without the explicit true, the ServiceAccount's false applies
    delete set[1]!.spec.template.spec.automountServiceAccountToken;
    expect(report(set, 'automount-service-account-token')).toEqual([]);
  });
});

describe('best practices: selectors, env and secrets', () => {
  it('reports a Deployment selector that does not match the template labels', () => {
    // GIVEN a selector on a label the template lacks
    const set = app();
    set[1]!.spec.selector = { matchLabels: { app: 'web', tier: 'front' } };
    // WHEN validated THEN the selector and the labels are named
    expect(report(set, 'selector-template-mismatch')).toEqual([
      'spec.selector: Deployment selector app=web, tier=front does not match the pod template labels app=web',
    ]);
  });

  it('reports an empty selector', () => {
    // GIVEN a selector with neither matchLabels nor matchExpressions WHEN validated THEN it is reported
    const set = app();
    set[1]!.spec.selector = {};
    expect(report(set, 'selector-template-mismatch')).toEqual([
      'spec.selector: Deployment selector is empty; it must select the pod template labels',
    ]);
  });

  it('reports a duplicate env var at its second definition', () => {
    // GIVEN LOG_LEVEL twice WHEN validated THEN the second is reported with both indexes
    const set = withContainer(
      (c) =>
        (c.env = [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'X', value: '1' },
          { name: 'LOG_LEVEL', value: 'debug' },
        ]),
    );
    expect(report(set, 'duplicate-env-var')).toEqual([
      `${C0}.env[2]: container "web" defines env var LOG_LEVEL twice (env[0] and env[2])`,
    ]);
  });

  it.each([
    [
      'DB_PASSWORD',
      'hunter2',
      'container "web" env var DB_PASSWORD looks like a credential but has a literal value',
    ],
    [
      'DATABASE_URL',
      'postgres://app:s3cret@db:5432/app',
      'container "web" env var DATABASE_URL holds what looks like a URL with an embedded password',
    ],
    [
      'AWS_KEY',
      'AKIAIOSFODNN7EXAMPLE',
      'container "web" env var AWS_KEY holds what looks like an AWS access key id',
    ],
  ])('warns about %s with a literal credential', (name, value, message) => {
    // GIVEN the env var WHEN validated THEN it is reported
    expect(
      report(
        withContainer((c) => (c.env = [{ name, value }])),
        'env-literal-credential',
      ),
    ).toEqual([`${C0}.env[0].value: ${message}`]);
  });

  it.each([
    ['TOKEN_FILE', '/var/run/secrets/token'],
    ['SECRET_ROTATION_ENABLED', 'true'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['IMAGE_PULL_SECRETS', 'registry-credentials'],
    ['DATABASE_URL', 'postgres://db:5432/app'],
  ])('does not flag %s=%s', (name, value) => {
    // GIVEN a secret-sounding name that holds a path, flag, number or reference WHEN validated THEN no warning
    expect(
      report(
        withContainer((c) => (c.env = [{ name, value }])),
        'env-literal-credential',
      ),
    ).toEqual([]);
  });

  it('does not take a URL built from Secret-backed variables for an embedded password (issue 18)', () => {
    // GIVEN a connection string whose user and password are references to variables read from a Secret
    const fromSecret = (name: string) => ({ name, valueFrom: { secretKeyRef: { name: 'db', key: name } } });
    const set = withContainer(
      (c) =>
        (c.env = [
          fromSecret('USER'),
          fromSecret('PASSWORD'),
          { name: 'DATABASE_URL', value: 'postgresql://$(USER):$(PASSWORD)@db:5432/app' },
          { name: 'OTHER_URL', value: 'postgresql://app:$(PASSWORD)@db/app' },
        ]),
    );
    // WHEN / THEN no finding
    expect(report(set, 'env-literal-credential')).toEqual([]);
  });

  it('still reports a URL whose password is literal, in part or through a literal variable', () => {
    // GIVEN
    const set = withContainer(
      (c) =>
        (c.env = [
          { name: 'PASS', value: 'hunter2' },
          { name: 'A_URL', value: 'postgresql://app:x$(PASS)@db/app' },
          { name: 'B_URL', value: 'postgresql://app:$(PASS)@db/app' },
        ]),
    );
    // WHEN / THEN
    expect(report(set, 'env-literal-credential')).toEqual([
      `${C0}.env[1].value: container "web" env var A_URL holds what looks like a URL with an embedded password`,
      `${C0}.env[2].value: container "web" env var B_URL holds what looks like a URL with an embedded password`,
    ]);
  });

  it('reports a Secret that carries data in the manifest, and not an empty one', () => {
    // GIVEN a Secret with data and one without
    const full = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'a', namespace: 'shop' },
      data: { user: 'YWRtaW4=', pass: 'cGFzcw==' },
    };
    const empty = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'b', namespace: 'shop' },
      type: 'Opaque',
    };
    // WHEN validated THEN only the first is reported, with its keys
    expect(report([full, empty], 'secret-data-in-manifest')).toEqual([
      'data: Secret carries 2 value(s) in data (user, pass)',
    ]);
  });
});

describe('best practices: probes as the constructs have them (issue 18)', () => {
  it('errs on a liveness probe without a readiness probe behind a Service, as the constructs refuse it', () => {
    // GIVEN a backend whose readiness probe was dropped WHEN validated
    const set = withContainer((c) => delete c.readinessProbe);
    // THEN the dangerous combination is an error
    expect(report(set, 'liveness-without-readiness')).toEqual([
      `${C0}.readinessProbe: container "web" has a liveness probe but no readiness probe, and Service web sends it traffic: requests keep reaching it while it fails liveness, and the restarted container at once`,
    ]);
    expect(findings(set).find((f) => f.ruleId === 'liveness-without-readiness')?.severity).toBe('error');
  });

  it('accepts a liveness probe alone on a pod no Service selects (a worker)', () => {
    // GIVEN the same pod without its Service
    const set = withContainer((c) => delete c.readinessProbe).filter((o) => o.kind !== 'Service');
    // WHEN / THEN
    expect(report(set, 'liveness-without-readiness')).toEqual([]);
  });

  it('reports probes turned off with a reason as acknowledged opt-outs, not findings', () => {
    // GIVEN a load generator without probes, as the constructs render { readiness: false }
    const set = withContainer((c) => {
      delete c.readinessProbe;
      delete c.livenessProbe;
    }).filter((o) => o.kind !== 'Service');
    set[1]!.metadata.annotations = {
      'ignore.shipshape.io/no-readiness-probe': 'probes.readiness is false',
      'ignore.shipshape.io/no-liveness-probe': 'probes.readiness is false and probes.liveness copies it',
    };
    // WHEN / THEN
    expect(findings(set)).toEqual([]);
  });
});
