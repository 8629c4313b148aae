/**
 * The rule catalogue: every finding carries one of these ids; severity is fixed per rule so that output is
 * predictable. docs/validation.md mirrors this table (a test keeps the two in sync).
 */
export type Severity = 'error' | 'warning';
export type RuleCategory = 'input' | 'schema' | 'pod-security' | 'best-practice' | 'reference' | 'opt-out';

export interface RuleInfo {
  readonly severity: Severity;
  readonly category: RuleCategory;
  /** What the rule checks, one line. */
  readonly summary: string;
  /** The default fix; findings may carry a more specific one. */
  readonly hint: string;
}

function rule(severity: Severity, category: RuleCategory, summary: string, hint: string): RuleInfo {
  return { severity, category, summary, hint };
}

export const RULES = {
  // --- input ---
  'yaml-syntax': rule('error', 'input', 'The file is valid YAML/JSON.', 'fix the YAML syntax at this line'),
  'invalid-manifest': rule(
    'error',
    'input',
    'Each document is a mapping with string apiVersion and kind.',
    'every document needs apiVersion, kind and metadata',
  ),
  'duplicate-object': rule(
    'error',
    'input',
    'No two objects share apiVersion group, kind, namespace and name.',
    'rename or remove one of them: the later one overwrites the earlier one when applied',
  ),
  // --- schema (Kubernetes 1.27) ---
  'api-not-served': rule(
    'error',
    'schema',
    'apiVersion/kind is served by Kubernetes 1.27 (removed APIs are errors).',
    'use the apiVersion that Kubernetes 1.27 serves for this kind',
  ),
  'unknown-kind': rule(
    'warning',
    'schema',
    'A kind outside Kubernetes 1.27 and the known CRDs: schema validation skipped.',
    'check the CRD is installed in the cluster; shipshape cannot validate its fields',
  ),
  'schema-unknown-field': rule(
    'error',
    'schema',
    'No field outside the 1.27 schema (strict, like kubectl --validate=strict).',
    'remove the field or fix its spelling',
  ),
  'schema-type': rule(
    'error',
    'schema',
    'Every field has the type of the schema.',
    'use the type the schema expects',
  ),
  'schema-required': rule('error', 'schema', 'Required fields are present.', 'add the required field'),
  'schema-enum': rule(
    'error',
    'schema',
    'Enumerated fields hold an allowed value.',
    'use one of the allowed values',
  ),
  'schema-format': rule(
    'error',
    'schema',
    'Integers fit their format (int32/int64), timestamps are RFC 3339, base64 data decodes.',
    'use a value of the expected format',
  ),
  'schema-quantity': rule(
    'error',
    'schema',
    "Resource quantities parse (e.g. '100m', '0.5', '128Mi', '1G', '1e3'); requests/limits are not negative.",
    "write a Kubernetes quantity such as '250m' or '256Mi'",
  ),
  'request-above-limit': rule(
    'error',
    'schema',
    'A container resource request is not greater than its limit (the API server rejects it).',
    'lower the request or raise the limit',
  ),
  'invalid-name': rule(
    'error',
    'schema',
    'Object, container, port, volume and env var names and data keys follow Kubernetes naming rules.',
    'use lower-case alphanumerics and "-" (DNS-1123), within the length limit',
  ),
  'invalid-value': rule(
    'error',
    'schema',
    'Values the API server refuses beyond the schema: IANA time zones, CIDRs, ConfigMap/Secret references, mountPath /, objects over 1.5 MiB.',
    'use a value the API server accepts (see the message)',
  ),
  'invalid-label': rule(
    'error',
    'schema',
    'Label keys/values, selector labels and annotation keys follow Kubernetes syntax.',
    'keys are [prefix/]name (name <= 63 chars, alphanumerics, "-", "_", "."); values <= 63 chars, same characters',
  ),
  // --- Pod Security Standards, restricted (includes baseline) ---
  'pss-host-process': rule(
    'error',
    'pod-security',
    'Baseline: windowsOptions.hostProcess is not true.',
    'remove windowsOptions.hostProcess',
  ),
  'pss-host-namespaces': rule(
    'error',
    'pod-security',
    'Baseline: hostNetwork, hostPID and hostIPC are not true.',
    'remove hostNetwork/hostPID/hostIPC or set them to false',
  ),
  'pss-privileged': rule(
    'error',
    'pod-security',
    'Baseline: no container is privileged.',
    'remove securityContext.privileged or set it to false',
  ),
  'pss-capabilities': rule(
    'error',
    'pod-security',
    'Baseline: capabilities.add within the default set; restricted: drop ALL, add only NET_BIND_SERVICE.',
    'set securityContext.capabilities.drop: [ALL] and add at most NET_BIND_SERVICE',
  ),
  'pss-host-path-volumes': rule(
    'error',
    'pod-security',
    'Baseline: no hostPath volume.',
    'use an emptyDir, configMap, secret or PVC',
  ),
  'pss-host-ports': rule(
    'error',
    'pod-security',
    'Baseline: no container port sets a hostPort.',
    'remove hostPort; expose the port through a Service',
  ),
  'pss-apparmor': rule(
    'error',
    'pod-security',
    'Baseline: AppArmor annotations are runtime/default or localhost/*.',
    'use runtime/default or a localhost/ profile',
  ),
  'pss-selinux': rule(
    'error',
    'pod-security',
    'Baseline: seLinuxOptions.type is container_t, container_init_t or container_kvm_t; user and role unset.',
    'remove seLinuxOptions or use an allowed type',
  ),
  'pss-proc-mount': rule(
    'error',
    'pod-security',
    'Baseline: securityContext.procMount is Default.',
    'remove procMount or set it to Default',
  ),
  'pss-sysctls': rule(
    'error',
    'pod-security',
    'Baseline: only the safe sysctls of Kubernetes 1.27.',
    'remove the sysctl or configure it on the node',
  ),
  'pss-seccomp': rule(
    'error',
    'pod-security',
    'Restricted: seccompProfile.type is RuntimeDefault or Localhost for the pod or every container (never Unconfined).',
    'set securityContext.seccompProfile.type: RuntimeDefault on the pod',
  ),
  'pss-volume-types': rule(
    'error',
    'pod-security',
    'Restricted: volumes are configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret.',
    'use a PersistentVolumeClaim for other storage',
  ),
  'pss-privilege-escalation': rule(
    'error',
    'pod-security',
    'Restricted: every container sets allowPrivilegeEscalation: false.',
    'set securityContext.allowPrivilegeEscalation: false',
  ),
  'pss-run-as-non-root': rule(
    'error',
    'pod-security',
    'Restricted: runAsNonRoot is true for the pod or every container, and never false.',
    'set securityContext.runAsNonRoot: true on the pod',
  ),
  'pss-run-as-user': rule(
    'error',
    'pod-security',
    'Restricted: runAsUser is not 0.',
    'run as a non-zero UID, e.g. runAsUser: 10001',
  ),
  // --- best practices (kube-linter-like) ---
  'image-not-pinned': rule(
    'warning',
    'best-practice',
    'Container images carry a tag other than latest, or a digest.',
    'pin the image to a version tag or a digest (image@sha256:...)',
  ),
  'unset-cpu-requirements': rule(
    'warning',
    'best-practice',
    'Containers set CPU requests and limits.',
    'set resources.requests.cpu and resources.limits.cpu',
  ),
  'unset-memory-requirements': rule(
    'warning',
    'best-practice',
    'Containers set memory requests and limits.',
    'set resources.requests.memory and resources.limits.memory',
  ),
  'no-liveness-probe': rule(
    'warning',
    'best-practice',
    'Long-running containers have a liveness probe.',
    'add a livenessProbe',
  ),
  'no-readiness-probe': rule(
    'warning',
    'best-practice',
    'Long-running containers have a readiness probe.',
    'add a readinessProbe',
  ),
  'liveness-without-readiness': rule(
    'error',
    'best-practice',
    'A container behind a Service that has a liveness probe has a readiness probe (the constructs refuse the pair).',
    'add a readinessProbe, or drop the livenessProbe',
  ),
  'probe-port-missing': rule(
    'error',
    'best-practice',
    'A probe that names a port names one of the container ports.',
    'use the name of a port in the container ports, or a number',
  ),
  'probe-port-undeclared': rule(
    'warning',
    'best-practice',
    'A probe port number is one of the container ports, when the container declares ports.',
    'declare the port in the container ports or probe a declared one',
  ),
  'no-read-only-root-fs': rule(
    'warning',
    'best-practice',
    'Containers set securityContext.readOnlyRootFilesystem: true.',
    'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes',
  ),
  'unset-emptydir-size-limit': rule(
    'warning',
    'best-practice',
    'emptyDir volumes set sizeLimit.',
    "set emptyDir.sizeLimit (e.g. '256Mi'): without it a pod's scratch files can fill the node's disk; opt out with a reason where unbounded space is intended",
  ),
  'default-service-account': rule(
    'warning',
    'best-practice',
    'Pods run under their own ServiceAccount, not "default".',
    'create a ServiceAccount for the workload and set serviceAccountName',
  ),
  'automount-service-account-token': rule(
    'warning',
    'best-practice',
    'Pods (or their ServiceAccount) set automountServiceAccountToken: false.',
    'set automountServiceAccountToken: false unless the pod talks to the API server',
  ),
  'selector-template-mismatch': rule(
    'error',
    'best-practice',
    "A Deployment/StatefulSet/DaemonSet/ReplicaSet selector matches its pod template's labels.",
    'make spec.selector match spec.template.metadata.labels',
  ),
  'duplicate-env-var': rule(
    'error',
    'best-practice',
    'A container does not define the same env var twice.',
    'remove one definition: only the last one takes effect',
  ),
  'env-literal-credential': rule(
    'warning',
    'best-practice',
    'Env vars do not carry literal values that look like credentials.',
    'read the value from a Secret with valueFrom.secretKeyRef',
  ),
  'secret-data-in-manifest': rule(
    'error',
    'best-practice',
    'Secret objects carry no data/stringData in manifests.',
    'deliver the values with an ExternalSecret or at deploy time, not in the manifest',
  ),
  // --- references within the set ---
  'dangling-service-selector': rule(
    'error',
    'reference',
    'A Service selector matches the pod template of some workload in its namespace.',
    'fix the selector or the pod template labels',
  ),
  'dangling-ingress-backend': rule(
    'error',
    'reference',
    'An Ingress backend names a Service (and port) of the set.',
    'fix the backend service name/port',
  ),
  'dangling-route-backend': rule(
    'error',
    'reference',
    'A Gateway API HTTPRoute or GRPCRoute backend of its own namespace names a Service (and port) of the set.',
    'fix the backendRef name/port',
  ),
  'dangling-hpa-target': rule(
    'error',
    'reference',
    'A HorizontalPodAutoscaler scaleTargetRef names an object of the set.',
    'fix scaleTargetRef kind/name',
  ),
  'dangling-pdb-selector': rule(
    'error',
    'reference',
    'A PodDisruptionBudget selector matches some pod template in its namespace.',
    'fix the selector or the pod template labels',
  ),
  'dangling-network-policy-selector': rule(
    'error',
    'reference',
    'A NetworkPolicy podSelector matches some pod template in its namespace.',
    'fix the podSelector or the pod template labels',
  ),
  'statefulset-headless-service': rule(
    'error',
    'reference',
    'A StatefulSet serviceName names a headless Service (clusterIP: None) of its namespace.',
    'create a Service with clusterIP: None and the StatefulSet selector, and name it in serviceName',
  ),
  'dangling-rollout-reference': rule(
    'error',
    'reference',
    "An Argo Rollouts Rollout's workloadRef Deployment, Services and AnalysisTemplates are in the set.",
    'fix the name, or add the object the Rollout names',
  ),
  'rollout-workload-replicas': rule(
    'warning',
    'best-practice',
    'A Deployment a Rollout references (workloadRef) runs no pods of its own: replicas 0, or scaleDown.',
    "set the Deployment's replicas to 0 (the Rollout runs the pods), or workloadRef.scaleDown: onsuccess",
  ),
  'missing-config-key': rule(
    'error',
    'reference',
    'A key referenced from a ConfigMap/Secret of the set exists in it.',
    'add the key to the ConfigMap/Secret, fix the reference, or mark it optional',
  ),
  // --- opt-out annotations ---
  'opt-out-without-reason': rule(
    'error',
    'opt-out',
    'An ignore.shipshape.io/<rule> annotation gives a reason.',
    'write why the rule does not apply as the annotation value',
  ),
  'opt-out-unknown-rule': rule(
    'warning',
    'opt-out',
    'An ignore.shipshape.io/<rule> annotation names an existing rule.',
    'fix the rule id in the annotation key',
  ),
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS: readonly RuleId[] = Object.keys(RULES) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}
