/**
 * Pod Security Standards, "restricted" profile (which includes "baseline"), as enforced by Kubernetes 1.27's
 * Pod Security Admission: every control of https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * over containers, init containers and ephemeral containers, with the pod-level/container-level inheritance the
 * docs define. Windows pods (spec.os.name: windows) are exempt from the Linux-only restricted controls
 * (privilege escalation, seccomp, capabilities), as in the docs.
 */
import { asArray, asObject, asString, show, type JsonObject } from './json';
import { child, index } from './path';
import { containersOf, type ContainerRef, type PodTemplate } from './pod-spec';
import type { Emit } from './subject';

const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
/** Safe sysctls as of 1.27 (ip_local_reserved_ports joined in 1.27). */
const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
]);
const SELINUX_TYPES: ReadonlySet<string> = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
]);
const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const GOOD_SECCOMP: ReadonlySet<string> = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

interface Context {
  readonly pod: PodTemplate;
  readonly podSc: JsonObject | undefined;
  readonly podScPath: string;
  readonly containers: readonly ContainerRef[];
  readonly windows: boolean;
  readonly emit: Emit;
}

export function checkPodSecurity(pod: PodTemplate, emit: Emit): void {
  const ctx: Context = {
    pod,
    podSc: asObject(pod.spec.securityContext),
    podScPath: child(pod.specPath, 'securityContext'),
    containers: containersOf(pod),
    windows: asString(asObject(pod.spec.os)?.name) === 'windows',
    emit,
  };
  hostProcess(ctx);
  hostNamespaces(ctx);
  privileged(ctx);
  capabilities(ctx);
  volumes(ctx);
  hostPorts(ctx);
  appArmor(ctx);
  seLinux(ctx);
  procMount(ctx);
  seccomp(ctx);
  sysctls(ctx);
  privilegeEscalation(ctx);
  runAsNonRoot(ctx);
  runAsUser(ctx);
}

function sc(c: ContainerRef): JsonObject | undefined {
  return asObject(c.container.securityContext);
}

function scPath(c: ContainerRef, ...keys: string[]): string {
  return keys.reduce((p, k) => child(p, k), child(c.path, 'securityContext'));
}

function hostProcess(ctx: Context): void {
  if (asObject(ctx.podSc?.windowsOptions)?.hostProcess === true) {
    ctx.emit(
      'pss-host-process',
      child(child(ctx.podScPath, 'windowsOptions'), 'hostProcess'),
      'the pod runs as a Windows HostProcess',
    );
  }
  for (const c of ctx.containers) {
    if (asObject(sc(c)?.windowsOptions)?.hostProcess === true) {
      ctx.emit(
        'pss-host-process',
        scPath(c, 'windowsOptions', 'hostProcess'),
        `${c.label} runs as a Windows HostProcess`,
      );
    }
  }
}

function hostNamespaces(ctx: Context): void {
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (ctx.pod.spec[field] === true) {
      ctx.emit(
        'pss-host-namespaces',
        child(ctx.pod.specPath, field),
        `${field} shares the host's namespace with the pod`,
      );
    }
  }
}

function privileged(ctx: Context): void {
  for (const c of ctx.containers) {
    if (sc(c)?.privileged === true)
      ctx.emit('pss-privileged', scPath(c, 'privileged'), `${c.label} is privileged`);
  }
}

function capabilities(ctx: Context): void {
  for (const c of ctx.containers) {
    const caps = asObject(sc(c)?.capabilities);
    asArray(caps?.add).forEach((cap, i) => {
      if (typeof cap !== 'string') return;
      const p = index(scPath(c, 'capabilities', 'add'), i);
      if (!BASELINE_CAPABILITIES.has(cap)) {
        ctx.emit('pss-capabilities', p, `${c.label} adds capability ${cap}, outside the baseline set`);
      } else if (cap !== 'NET_BIND_SERVICE' && !ctx.windows) {
        ctx.emit(
          'pss-capabilities',
          p,
          `${c.label} adds capability ${cap}; restricted allows adding only NET_BIND_SERVICE`,
        );
      }
    });
    if (ctx.windows) continue;
    const drop = asArray(caps?.drop);
    if (!drop.includes('ALL')) {
      ctx.emit(
        'pss-capabilities',
        scPath(c, 'capabilities', 'drop'),
        `${c.label} does not drop ALL capabilities`,
      );
    }
  }
}

function volumes(ctx: Context): void {
  const volumesPath = child(ctx.pod.specPath, 'volumes');
  asArray(ctx.pod.spec.volumes).forEach((v, i) => {
    const volume = asObject(v);
    if (!volume) return;
    const name = asString(volume.name) ?? `#${i}`;
    const p = index(volumesPath, i);
    for (const [type, source] of Object.entries(volume)) {
      if (type === 'name' || source === undefined || source === null) continue;
      if (type === 'hostPath') {
        ctx.emit('pss-host-path-volumes', child(p, type), `volume "${name}" is a hostPath volume`);
      } else if (!RESTRICTED_VOLUME_TYPES.has(type)) {
        ctx.emit(
          'pss-volume-types',
          child(p, type),
          `volume "${name}" has type ${type}, not allowed by the restricted profile`,
        );
      }
    }
  });
}

function hostPorts(ctx: Context): void {
  for (const c of ctx.containers) {
    asArray(c.container.ports).forEach((port, i) => {
      const hostPort = asObject(port)?.hostPort;
      if (typeof hostPort === 'number' && hostPort !== 0) {
        ctx.emit(
          'pss-host-ports',
          child(index(child(c.path, 'ports'), i), 'hostPort'),
          `${c.label} binds hostPort ${hostPort}`,
        );
      }
    });
  }
}

function appArmor(ctx: Context): void {
  const annotations = asObject(ctx.pod.metadata?.annotations) ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(APPARMOR_PREFIX)) continue;
    const profile = typeof value === 'string' ? value : '';
    if (profile === 'runtime/default' || profile.startsWith('localhost/')) continue;
    ctx.emit(
      'pss-apparmor',
      child(child(ctx.pod.metadataPath, 'annotations'), key),
      `AppArmor profile ${show(value)} for container "${key.slice(APPARMOR_PREFIX.length)}" overrides the default`,
    );
  }
}

function seLinuxOptions(options: JsonObject | undefined, path: string, who: string, emit: Emit): void {
  if (!options) return;
  const type = options.type;
  if (typeof type === 'string' && !SELINUX_TYPES.has(type)) {
    emit('pss-selinux', child(path, 'type'), `${who} sets SELinux type ${show(type)}`);
  }
  for (const field of ['user', 'role']) {
    const v = options[field];
    if (typeof v === 'string' && v !== '')
      emit('pss-selinux', child(path, field), `${who} sets SELinux ${field} ${show(v)}`);
  }
}

function seLinux(ctx: Context): void {
  seLinuxOptions(
    asObject(ctx.podSc?.seLinuxOptions),
    child(ctx.podScPath, 'seLinuxOptions'),
    'the pod',
    ctx.emit,
  );
  for (const c of ctx.containers) {
    seLinuxOptions(asObject(sc(c)?.seLinuxOptions), scPath(c, 'seLinuxOptions'), c.label, ctx.emit);
  }
}

function procMount(ctx: Context): void {
  for (const c of ctx.containers) {
    const v = sc(c)?.procMount;
    if (typeof v === 'string' && v !== 'Default') {
      ctx.emit('pss-proc-mount', scPath(c, 'procMount'), `${c.label} sets procMount ${show(v)}`);
    }
  }
}

function seccompType(securityContext: JsonObject | undefined): string | undefined {
  return asString(asObject(securityContext?.seccompProfile)?.type);
}

function seccomp(ctx: Context): void {
  const podType = seccompType(ctx.podSc);
  const podPath = child(child(ctx.podScPath, 'seccompProfile'), 'type');
  // Baseline: Unconfined is forbidden anywhere, Windows or not.
  if (podType === 'Unconfined') ctx.emit('pss-seccomp', podPath, 'the pod sets seccompProfile Unconfined');
  for (const c of ctx.containers) {
    const t = seccompType(sc(c));
    if (t === 'Unconfined')
      ctx.emit(
        'pss-seccomp',
        scPath(c, 'seccompProfile', 'type'),
        `${c.label} sets seccompProfile Unconfined`,
      );
  }
  if (ctx.windows) return;
  // Restricted: the pod level sets an allowed profile, or every container does (container values override).
  const podOk = podType !== undefined && GOOD_SECCOMP.has(podType);
  const uncovered: string[] = [];
  for (const c of ctx.containers) {
    const t = seccompType(sc(c));
    if (t === undefined) {
      if (!podOk) uncovered.push(c.label);
    } else if (!GOOD_SECCOMP.has(t) && t !== 'Unconfined') {
      ctx.emit(
        'pss-seccomp',
        scPath(c, 'seccompProfile', 'type'),
        `${c.label} sets seccompProfile ${show(t)}, not RuntimeDefault or Localhost`,
      );
    }
  }
  if (podType !== undefined && !podOk && podType !== 'Unconfined') {
    ctx.emit(
      'pss-seccomp',
      podPath,
      `the pod sets seccompProfile ${show(podType)}, not RuntimeDefault or Localhost`,
    );
  }
  if (uncovered.length > 0 && podType === undefined) {
    ctx.emit(
      'pss-seccomp',
      child(ctx.podScPath, 'seccompProfile'),
      `seccompProfile must be RuntimeDefault or Localhost: set neither for the pod nor for ${uncovered.join(', ')}`,
    );
  }
}

function sysctls(ctx: Context): void {
  const path = child(ctx.podScPath, 'sysctls');
  asArray(ctx.podSc?.sysctls).forEach((s, i) => {
    const name = asString(asObject(s)?.name);
    if (name !== undefined && !SAFE_SYSCTLS.has(name)) {
      ctx.emit('pss-sysctls', child(index(path, i), 'name'), `sysctl ${name} is not in the safe set`);
    }
  });
}

function privilegeEscalation(ctx: Context): void {
  if (ctx.windows) return;
  for (const c of ctx.containers) {
    if (sc(c)?.allowPrivilegeEscalation !== false) {
      ctx.emit(
        'pss-privilege-escalation',
        scPath(c, 'allowPrivilegeEscalation'),
        `${c.label} does not set allowPrivilegeEscalation: false`,
      );
    }
  }
}

function runAsNonRoot(ctx: Context): void {
  const podValue = ctx.podSc?.runAsNonRoot;
  const podPath = child(ctx.podScPath, 'runAsNonRoot');
  if (podValue === false) ctx.emit('pss-run-as-non-root', podPath, 'the pod sets runAsNonRoot: false');
  const unset: string[] = [];
  for (const c of ctx.containers) {
    const v = sc(c)?.runAsNonRoot;
    if (v === false)
      ctx.emit('pss-run-as-non-root', scPath(c, 'runAsNonRoot'), `${c.label} sets runAsNonRoot: false`);
    else if (v !== true && podValue !== true) unset.push(c.label);
  }
  if (unset.length > 0 && podValue !== false) {
    ctx.emit(
      'pss-run-as-non-root',
      podPath,
      `runAsNonRoot must be true: set neither for the pod nor for ${unset.join(', ')}`,
    );
  }
}

function runAsUser(ctx: Context): void {
  if (ctx.podSc?.runAsUser === 0)
    ctx.emit('pss-run-as-user', child(ctx.podScPath, 'runAsUser'), 'the pod runs as UID 0 (root)');
  for (const c of ctx.containers) {
    if (sc(c)?.runAsUser === 0)
      ctx.emit('pss-run-as-user', scPath(c, 'runAsUser'), `${c.label} runs as UID 0 (root)`);
  }
}
