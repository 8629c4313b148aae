import {
  app,
  container,
  deployment,
  findings,
  podSpec,
  report,
  serviceAccount,
  type Obj,
} from './helpers/builders';

/** A clean set whose Deployment pod spec the test changes. */
function withPod(change: (spec: Obj) => void): Obj[] {
  const set = app();
  change(set[1]!.spec.template.spec);
  return set;
}

const POD = 'spec.template.spec';
const C0 = `${POD}.containers[0]`;

describe('pod security: baseline controls', () => {
  it('forbids host namespaces, one finding per field', () => {
    // GIVEN hostNetwork, hostPID and hostIPC WHEN validated THEN each is reported
    const set = withPod((s) => Object.assign(s, { hostNetwork: true, hostPID: true, hostIPC: true }));
    expect(report(set, 'pss-host-namespaces')).toEqual([
      `${POD}.hostIPC: hostIPC shares the host's namespace with the pod`,
      `${POD}.hostNetwork: hostNetwork shares the host's namespace with the pod`,
      `${POD}.hostPID: hostPID shares the host's namespace with the pod`,
    ]);
  });

  it('forbids privileged containers, including init and ephemeral ones', () => {
    // GIVEN a privileged init container and ephemeral container
    const set = withPod((s) => {
      s.initContainers = [
        { ...container('init'), securityContext: { ...container().securityContext, privileged: true } },
      ];
      s.ephemeralContainers = [
        { name: 'debug', image: 'busybox:1.36', securityContext: { privileged: true } },
      ];
    });
    // WHEN validated THEN both are reported with their kind of container
    expect(report(set, 'pss-privileged')).toEqual([
      `${POD}.ephemeralContainers[0].securityContext.privileged: ephemeral container "debug" is privileged`,
      `${POD}.initContainers[0].securityContext.privileged: init container "init" is privileged`,
    ]);
  });

  it('allows baseline capabilities only, and restricted allows adding only NET_BIND_SERVICE', () => {
    // GIVEN a container adding SYS_ADMIN (not baseline), CHOWN (baseline) and NET_BIND_SERVICE
    const set = withPod((s) => {
      s.containers[0].securityContext.capabilities = {
        drop: ['ALL'],
        add: ['SYS_ADMIN', 'CHOWN', 'NET_BIND_SERVICE'],
      };
    });
    // WHEN validated THEN SYS_ADMIN fails baseline and CHOWN fails restricted
    expect(report(set, 'pss-capabilities')).toEqual([
      `${C0}.securityContext.capabilities.add[0]: container "web" adds capability SYS_ADMIN, outside the baseline set`,
      `${C0}.securityContext.capabilities.add[1]: container "web" adds capability CHOWN; restricted allows adding only NET_BIND_SERVICE`,
    ]);
  });

  it('forbids hostPath volumes and hostPorts', () => {
    // GIVEN a hostPath volume and a hostPort WHEN validated THEN both are reported
    const set = withPod((s) => {
      s.volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }];
      s.containers[0].ports[0].hostPort = 80;
    });
    expect([...report(set, 'pss-host-path-volumes'), ...report(set, 'pss-host-ports')]).toEqual([
      `${POD}.volumes[0].hostPath: volume "sock" is a hostPath volume`,
      `${C0}.ports[0].hostPort: container "web" binds hostPort 80`,
    ]);
  });

  it('allows AppArmor runtime/default and localhost profiles only', () => {
    // GIVEN three AppArmor annotations on the pod template
    const set = app();
    set[1]!.spec.template.metadata.annotations = {
      'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default',
      'container.apparmor.security.beta.kubernetes.io/sidecar': 'localhost/custom',
      'container.apparmor.security.beta.kubernetes.io/debug': 'unconfined',
    };
    // WHEN validated THEN only unconfined is reported
    expect(report(set, 'pss-apparmor')).toEqual([
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/debug"]: AppArmor profile "unconfined" for container "debug" overrides the default',
    ]);
  });

  it('checks SELinux type, user and role at pod and container level', () => {
    // GIVEN a pod-level custom role and a container-level custom type
    const set = withPod((s) => {
      s.securityContext.seLinuxOptions = { role: 'sysadm_r', level: 's0' };
      s.containers[0].securityContext.seLinuxOptions = { type: 'spc_t' };
    });
    // WHEN validated THEN both are reported and the level is allowed
    expect(report(set, 'pss-selinux')).toEqual([
      `${C0}.securityContext.seLinuxOptions.type: container "web" sets SELinux type "spc_t"`,
      `${POD}.securityContext.seLinuxOptions.role: the pod sets SELinux role "sysadm_r"`,
    ]);
  });

  it('requires the default /proc mount and safe sysctls (1.27 set)', () => {
    // GIVEN procMount Unmasked, one unsafe and one 1.27-safe sysctl
    const set = withPod((s) => {
      s.containers[0].securityContext.procMount = 'Unmasked';
      s.securityContext.sysctls = [
        { name: 'net.ipv4.ip_local_reserved_ports', value: '30000' },
        { name: 'net.core.somaxconn', value: '1024' },
      ];
    });
    // WHEN validated THEN the mount and the unsafe sysctl are reported
    expect([...report(set, 'pss-proc-mount'), ...report(set, 'pss-sysctls')]).toEqual([
      `${C0}.securityContext.procMount: container "web" sets procMount "Unmasked"`,
      `${POD}.securityContext.sysctls[1].name: sysctl net.core.somaxconn is not in the safe set`,
    ]);
  });

  it('forbids Windows HostProcess pods', () => {
    // GIVEN hostProcess on the pod WHEN validated THEN it is reported
    const set = withPod((s) => (s.securityContext.windowsOptions = { hostProcess: true }));
    expect(report(set, 'pss-host-process')).toEqual([
      `${POD}.securityContext.windowsOptions.hostProcess: the pod runs as a Windows HostProcess`,
    ]);
  });
});

describe('pod security: restricted controls', () => {
  it('accepts seccomp on the pod level for every container, and reports once when neither level sets it', () => {
    // GIVEN a pod without seccomp, with an init container
    const set = withPod((s) => {
      delete s.securityContext.seccompProfile;
      s.initContainers = [
        { ...container('init'), ports: undefined, livenessProbe: undefined, readinessProbe: undefined },
      ];
    });
    // WHEN validated THEN one finding names the uncovered containers
    expect(report(set, 'pss-seccomp')).toEqual([
      `${POD}.securityContext.seccompProfile: seccompProfile must be RuntimeDefault or Localhost: set neither for the pod nor for container "web", init container "init"`,
    ]);
  });

  it('lets containers override the pod level, and reports Unconfined wherever it is', () => {
    // GIVEN a RuntimeDefault pod with one Unconfined container
    const set = withPod((s) => (s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }));
    // WHEN validated THEN the container is reported
    expect(report(set, 'pss-seccomp')).toEqual([
      `${C0}.securityContext.seccompProfile.type: container "web" sets seccompProfile Unconfined`,
    ]);
  });

  it('accepts seccomp set on every container when the pod level is unset', () => {
    // GIVEN no pod-level profile but a Localhost profile on the only container WHEN validated THEN clean
    const set = withPod((s) => {
      delete s.securityContext.seccompProfile;
      s.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'web.json' };
    });
    expect(report(set, 'pss-seccomp')).toEqual([]);
  });

  it('requires allowPrivilegeEscalation: false explicitly in every container', () => {
    // GIVEN a container that leaves it unset WHEN validated THEN it is reported
    const set = withPod((s) => delete s.containers[0].securityContext.allowPrivilegeEscalation);
    expect(report(set, 'pss-privilege-escalation')).toEqual([
      `${C0}.securityContext.allowPrivilegeEscalation: container "web" does not set allowPrivilegeEscalation: false`,
    ]);
  });

  it('inherits runAsNonRoot from the pod, but a container may not set it false', () => {
    // GIVEN pod-level runAsNonRoot true and one container that sets false
    const set = withPod((s) => {
      s.containers.push({ ...container('side'), ports: [{ name: 'metrics', containerPort: 9090 }] });
      s.containers[1].livenessProbe = { httpGet: { path: '/', port: 'metrics' } };
      s.containers[1].readinessProbe = { httpGet: { path: '/', port: 'metrics' } };
      s.containers[1].securityContext.runAsNonRoot = false;
    });
    // WHEN validated THEN only that container is reported
    expect(report(set, 'pss-run-as-non-root')).toEqual([
      `${POD}.containers[1].securityContext.runAsNonRoot: container "side" sets runAsNonRoot: false`,
    ]);
  });

  it('requires runAsNonRoot on the pod or on every container', () => {
    // GIVEN no pod-level runAsNonRoot and a container that does not set it WHEN validated THEN one finding
    const set = withPod((s) => delete s.securityContext.runAsNonRoot);
    expect(report(set, 'pss-run-as-non-root')).toEqual([
      `${POD}.securityContext.runAsNonRoot: runAsNonRoot must be true: set neither for the pod nor for container "web"`,
    ]);
  });

  it('forbids UID 0 at either level', () => {
    // GIVEN runAsUser 0 on the pod and on the container WHEN validated THEN both are reported
    const set = withPod((s) => {
      s.securityContext.runAsUser = 0;
      s.containers[0].securityContext.runAsUser = 0;
    });
    expect(report(set, 'pss-run-as-user')).toEqual([
      `${C0}.securityContext.runAsUser: container "web" runs as UID 0 (root)`,
      `${POD}.securityContext.runAsUser: the pod runs as UID 0 (root)`,
    ]);
  });

  it('allows only the restricted volume types', () => {
    // GIVEN an nfs and a gitRepo volume WHEN validated THEN both are reported
    const set = withPod((s) => {
      s.volumes = [
        { name: 'shared', nfs: { server: 'nfs', path: '/' } },
        { name: 'src', gitRepo: { repository: 'https://example.com/r.git' } },
      ];
    });
    expect(report(set, 'pss-volume-types')).toEqual([
      `${POD}.volumes[0].nfs: volume "shared" has type nfs, not allowed by the restricted profile`,
      `${POD}.volumes[1].gitRepo: volume "src" has type gitRepo, not allowed by the restricted profile`,
    ]);
  });

  it('exempts Windows pods from the Linux-only controls but not from the others', () => {
    // GIVEN a Windows pod without seccomp, privilege escalation or capability settings, but adding SYS_ADMIN
    const set = withPod((s) => {
      s.os = { name: 'windows' };
      delete s.securityContext.seccompProfile;
      s.containers[0].securityContext = {
        readOnlyRootFilesystem: true,
        capabilities: { add: ['SYS_ADMIN'] },
      };
    });
    // WHEN validated THEN only the baseline capability rule fires
    expect(
      findings(set)
        .filter((f) => f.ruleId.startsWith('pss-'))
        .map((f) => f.message),
    ).toEqual(['container "web" adds capability SYS_ADMIN, outside the baseline set']);
  });
});

describe('pod security: every pod-bearing kind', () => {
  const badPod = (): Obj => {
    const spec = podSpec();
    spec.hostPID = true;
    return spec;
  };
  const cases: [string, Obj, string][] = [
    [
      'Pod',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: badPod() },
      'spec.hostPID',
    ],
    [
      'PodTemplate',
      {
        apiVersion: 'v1',
        kind: 'PodTemplate',
        metadata: { name: 'p', namespace: 'shop' },
        template: { spec: badPod() },
      },
      'template.spec.hostPID',
    ],
    [
      'ReplicationController',
      {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name: 'p', namespace: 'shop' },
        spec: { template: { metadata: { labels: { a: 'b' } }, spec: badPod() } },
      },
      'spec.template.spec.hostPID',
    ],
    ...(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] as const).map(
      (kind): [string, Obj, string] => [
        kind,
        {
          apiVersion: 'apps/v1',
          kind,
          metadata: { name: 'p', namespace: 'shop' },
          spec: {
            selector: { matchLabels: { a: 'b' } },
            template: { metadata: { labels: { a: 'b' } }, spec: badPod() },
          },
        },
        'spec.template.spec.hostPID',
      ],
    ),
    [
      'Job',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'p', namespace: 'shop' },
        spec: { template: { spec: badPod() } },
      },
      'spec.template.spec.hostPID',
    ],
    [
      'CronJob',
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'p', namespace: 'shop' },
        spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: badPod() } } } },
      },
      'spec.jobTemplate.spec.template.spec.hostPID',
    ],
  ];
  it.each(cases)('checks the pod spec of a %s', (_kind, obj, path) => {
    // GIVEN the kind with hostPID in its pod spec WHEN validated THEN the finding points into its pod spec
    expect(
      findings([serviceAccount(), obj])
        .filter((f) => f.ruleId === 'pss-host-namespaces')
        .map((f) => f.path),
    ).toEqual([path]);
  });

  it('does not treat a Deployment of another group as a pod-bearing kind', () => {
    // GIVEN a CRD that happens to be called Deployment WHEN validated THEN no pod-security finding
    const d: Obj = { ...deployment(), apiVersion: 'example.com/v1' };
    d.spec.template.spec.hostPID = true;
    expect(findings([d]).filter((f) => f.ruleId.startsWith('pss-'))).toEqual([]);
  });
});
