/**
 * Cross-object checks within the set, all through the ObjectIndex (one lookup per reference): Service, PDB and
 * NetworkPolicy selectors, Ingress and Gateway API route backends, HPA targets, StatefulSet headless Services, what an
 * Argo Rollouts Rollout names (its Deployment, Services and AnalysisTemplates), and ConfigMap/Secret keys.
 * Objects that the set does not contain are taken to exist elsewhere, except where the reference is the point
 * (a selector that selects nothing, a backend Service) — see docs/validation.md.
 */
import { asArray, asObject, asString, isObject, show, type JsonObject } from './json';
import type { ObjectIndex } from './object-index';
import { child, index } from './path';
import { containersOf, type PodTemplate } from './pod-spec';
import { describeSelector, isEmptySelector, labelSelector, mapSelector } from './selectors';
import type { Emit, Subject } from './subject';

export function checkReferences(subject: Subject, objects: ObjectIndex, emit: Emit): void {
  const { kind } = subject.ref;
  const spec = asObject(subject.obj.spec);
  if (!spec) return;
  const g = subject.group;
  if (kind === 'Service' && g === '') service(subject, spec, objects, emit);
  else if (kind === 'Ingress' && (g === 'networking.k8s.io' || g === 'extensions'))
    ingress(subject, spec, objects, emit);
  else if ((kind === 'HTTPRoute' || kind === 'GRPCRoute') && g === 'gateway.networking.k8s.io')
    routeBackends(subject, spec, objects, emit);
  else if (kind === 'HorizontalPodAutoscaler' && g === 'autoscaling') hpa(subject, spec, objects, emit);
  else if (kind === 'PodDisruptionBudget' && g === 'policy')
    selects(subject, spec.selector, 'spec.selector', 'dangling-pdb-selector', objects, emit);
  else if (kind === 'NetworkPolicy' && g === 'networking.k8s.io') {
    selects(subject, spec.podSelector, 'spec.podSelector', 'dangling-network-policy-selector', objects, emit);
  } else if (kind === 'StatefulSet' && g === 'apps') statefulSetService(subject, spec, objects, emit);
  else if (kind === 'Rollout' && g === 'argoproj.io') rollout(subject, spec, objects, emit);
}

/** What an Argo Rollouts Rollout names: its workloadRef Deployment, its Services and its AnalysisTemplates. */
function rollout(subject: Subject, spec: JsonObject, objects: ObjectIndex, emit: Emit): void {
  const missing = (path: string, what: string, name: string) =>
    emit(
      'dangling-rollout-reference',
      path,
      `${what} ${show(name)} is not in namespace ${nsName(subject.ns)}`,
    );
  const ref = asObject(spec.workloadRef);
  const refName = asString(ref?.name);
  if (ref && refName !== undefined && asString(ref.kind) === 'Deployment') {
    const deployment = objects.get('apps', 'Deployment', subject.ns, refName);
    if (!deployment) missing('spec.workloadRef.name', 'workloadRef Deployment', refName);
    else {
      const replicas = asObject(deployment.obj.spec)?.replicas;
      const scaleDown = asString(ref.scaleDown);
      if (replicas !== 0 && (scaleDown === undefined || scaleDown === 'never')) {
        emit(
          'rollout-workload-replicas',
          'spec.workloadRef',
          `Deployment ${show(refName)} runs ${replicas === undefined ? 1 : show(replicas)} pod(s) of its own beside the Rollout's (scaleDown ${scaleDown ?? 'unset'})`,
        );
      }
    }
  }
  const strategy = asObject(spec.strategy);
  const services: [unknown, string][] = [];
  const templates: [unknown, string][] = [];
  const analysis = (v: unknown, path: string) =>
    asArray(asObject(v)?.templates).forEach((t, i) => {
      const tpl = asObject(t);
      if (tpl?.clusterScope !== true)
        templates.push([tpl?.templateName, `${path}.templates[${i}].templateName`]);
    });
  for (const [name, s] of [
    ['canary', asObject(strategy?.canary)],
    ['blueGreen', asObject(strategy?.blueGreen)],
  ] as const) {
    if (!s) continue;
    const base = `spec.strategy.${name}`;
    for (const field of ['canaryService', 'stableService', 'activeService', 'previewService'])
      services.push([s[field], `${base}.${field}`]);
    analysis(s.analysis, `${base}.analysis`);
    analysis(s.prePromotionAnalysis, `${base}.prePromotionAnalysis`);
    analysis(s.postPromotionAnalysis, `${base}.postPromotionAnalysis`);
    asArray(s.steps).forEach((step, i) => analysis(asObject(step)?.analysis, `${base}.steps[${i}].analysis`));
  }
  for (const [name, path] of services) {
    const n = asString(name);
    if (n !== undefined && !objects.get('', 'Service', subject.ns, n)) missing(path, 'Service', n);
  }
  for (const [name, path] of templates) {
    const n = asString(name);
    if (n !== undefined && !objects.get('argoproj.io', 'AnalysisTemplate', subject.ns, n))
      missing(path, 'AnalysisTemplate', n);
  }
}

function service(subject: Subject, spec: JsonObject, objects: ObjectIndex, emit: Emit): void {
  if (spec.type === 'ExternalName' || !isObject(spec.selector)) return;
  const selector = mapSelector(spec.selector);
  if (isEmptySelector(selector)) return; // no selector: endpoints are managed by hand
  if (!objects.anyTemplateMatches(subject.ns, selector)) {
    emit(
      'dangling-service-selector',
      'spec.selector',
      `Service selector ${describeSelector(selector)} matches no pod template in namespace ${nsName(subject.ns)}`,
    );
  }
}

type SelectorRule = 'dangling-pdb-selector' | 'dangling-network-policy-selector';

function selects(
  subject: Subject,
  value: unknown,
  path: string,
  rule: SelectorRule,
  objects: ObjectIndex,
  emit: Emit,
): void {
  const selector = labelSelector(value);
  if (!selector || isEmptySelector(selector)) return; // empty selects every pod of the namespace
  if (!objects.anyTemplateMatches(subject.ns, selector)) {
    emit(
      rule,
      path,
      `${subject.ref.kind} selector ${describeSelector(selector)} matches no pod template in namespace ${nsName(subject.ns)}`,
    );
  }
}

function nsName(ns: string): string {
  return ns === '' ? '(unset)' : ns;
}

function ingress(subject: Subject, spec: JsonObject, objects: ObjectIndex, emit: Emit): void {
  const backends: [unknown, string][] = [];
  if (spec.defaultBackend !== undefined) backends.push([spec.defaultBackend, 'spec.defaultBackend']);
  if (spec.backend !== undefined) backends.push([spec.backend, 'spec.backend']);
  asArray(spec.rules).forEach((r, i) => {
    asArray(asObject(asObject(r)?.http)?.paths).forEach((p, j) => {
      backends.push([asObject(p)?.backend, `spec.rules[${i}].http.paths[${j}].backend`]);
    });
  });
  for (const [b, path] of backends) ingressBackend(subject, asObject(b), path, objects, emit);
}

function ingressBackend(
  subject: Subject,
  backend: JsonObject | undefined,
  path: string,
  objects: ObjectIndex,
  emit: Emit,
): void {
  if (!backend) return;
  const svc = asObject(backend.service);
  // networking.k8s.io/v1 shape, or the removed extensions/v1beta1 one (serviceName/servicePort).
  const name = asString(svc?.name) ?? asString(backend.serviceName);
  const namePath = svc ? child(child(path, 'service'), 'name') : child(path, 'serviceName');
  if (name === undefined) return; // a resource backend
  const port = svc ? asObject(svc.port) : undefined;
  const portName =
    asString(port?.name) ?? (typeof backend.servicePort === 'string' ? backend.servicePort : undefined);
  const portNumber =
    typeof port?.number === 'number'
      ? port.number
      : typeof backend.servicePort === 'number'
        ? backend.servicePort
        : undefined;
  const portPath = svc ? child(child(path, 'service'), 'port') : child(path, 'servicePort');
  const target = objects.get('', 'Service', subject.ns, name);
  if (!target) {
    emit(
      'dangling-ingress-backend',
      namePath,
      `Ingress backend Service ${show(name)} is not in namespace ${nsName(subject.ns)}`,
    );
    return;
  }
  const ports = asArray(asObject(target.obj.spec)?.ports).map(asObject);
  const found =
    portName !== undefined
      ? ports.some((p) => p?.name === portName)
      : portNumber !== undefined
        ? ports.some((p) => p?.port === portNumber)
        : true;
  if (!found) {
    emit(
      'dangling-ingress-backend',
      portPath,
      `Ingress backend port ${show(portName ?? portNumber)} is not a port of Service ${show(name)}`,
    );
  }
}

/** The Service backends of a Gateway API route in its own namespace: the Service and its port are in the set. */
function routeBackends(subject: Subject, spec: JsonObject, objects: ObjectIndex, emit: Emit): void {
  asArray(spec.rules).forEach((r, i) => {
    asArray(asObject(r)?.backendRefs).forEach((raw, j) => {
      const b = asObject(raw);
      const path = `spec.rules[${i}].backendRefs[${j}]`;
      const name = asString(b?.name);
      const kind = asString(b?.kind) ?? 'Service';
      const group = asString(b?.group) ?? '';
      const ns = asString(b?.namespace) ?? subject.ns;
      // Other kinds, and Services of other namespaces (allowed by a ReferenceGrant there), are taken to exist.
      if (!b || name === undefined || kind !== 'Service' || group !== '' || ns !== subject.ns) return;
      const target = objects.get('', 'Service', subject.ns, name);
      if (!target) {
        emit(
          'dangling-route-backend',
          child(path, 'name'),
          `${subject.ref.kind} backend Service ${show(name)} is not in namespace ${nsName(subject.ns)}`,
        );
        return;
      }
      const ports = asArray(asObject(target.obj.spec)?.ports).map(asObject);
      if (typeof b.port === 'number' && !ports.some((p) => p?.port === b.port)) {
        emit(
          'dangling-route-backend',
          child(path, 'port'),
          `${subject.ref.kind} backend port ${show(b.port)} is not a port of Service ${show(name)}`,
        );
      }
    });
  });
}

function hpa(subject: Subject, spec: JsonObject, objects: ObjectIndex, emit: Emit): void {
  const ref = asObject(spec.scaleTargetRef);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!kind || !name) return;
  if (!objects.getByKind(kind, subject.ns, name)) {
    emit(
      'dangling-hpa-target',
      'spec.scaleTargetRef',
      `scaleTargetRef ${kind} ${show(name)} is not in namespace ${nsName(subject.ns)}`,
    );
  }
}

function statefulSetService(subject: Subject, spec: JsonObject, objects: ObjectIndex, emit: Emit): void {
  const name = asString(spec.serviceName);
  if (name === undefined || name === '') return; // required by the schema
  const svc = objects.get('', 'Service', subject.ns, name);
  if (!svc) {
    emit(
      'statefulset-headless-service',
      'spec.serviceName',
      `serviceName ${show(name)} names no Service in namespace ${nsName(subject.ns)}`,
    );
  } else if (asObject(svc.obj.spec)?.clusterIP !== 'None') {
    emit(
      'statefulset-headless-service',
      'spec.serviceName',
      `Service ${show(name)} is not headless (clusterIP: None)`,
    );
  }
}

/** Keys a ConfigMap/Secret of the set provides; undefined when unknown (not in the set, or generated). */
function keysOf(
  objects: ObjectIndex,
  kind: 'ConfigMap' | 'Secret',
  ns: string,
  name: string,
): ReadonlySet<string> | undefined {
  const target = objects.get('', kind, ns, name);
  if (target) {
    if (kind === 'Secret' && target.obj.type === 'kubernetes.io/service-account-token') return undefined;
    const fields = kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
    return new Set(fields.flatMap((f) => Object.keys(asObject(target.obj[f]) ?? {})));
  }
  if (kind !== 'Secret') return undefined;
  // A Secret that an ExternalSecret of the set materializes: its keys are the data[].secretKey when nothing
  // else (dataFrom, templates) can add keys.
  const es = objects.externalSecretTarget(ns, name);
  const spec = asObject(es?.obj.spec);
  if (!spec || spec.dataFrom !== undefined || asObject(spec.target)?.template !== undefined) return undefined;
  return new Set(asArray(spec.data).flatMap((d) => asString(asObject(d)?.secretKey) ?? []));
}

/** Keys referenced from a pod template that a ConfigMap/Secret of the set lacks. */
export function checkConfigKeys(subject: Subject, pod: PodTemplate, objects: ObjectIndex, emit: Emit): void {
  const check = (
    kind: 'ConfigMap' | 'Secret',
    ref: JsonObject | undefined,
    key: unknown,
    path: string,
  ): void => {
    const name = asString(ref?.name);
    if (!ref || name === undefined || typeof key !== 'string' || ref.optional === true) return;
    const keys = keysOf(objects, kind, subject.ns, name);
    if (keys && !keys.has(key)) {
      emit(
        'missing-config-key',
        path,
        `${kind} ${show(name)} has no key ${show(key)}${keys.size ? ` (it has ${[...keys].sort().join(', ')})` : ''}`,
      );
    }
  };
  for (const c of containersOf(pod)) {
    asArray(c.container.env).forEach((e, i) => {
      const from = asObject(asObject(e)?.valueFrom);
      const base = child(index(child(c.path, 'env'), i), 'valueFrom');
      const cm = asObject(from?.configMapKeyRef);
      const sec = asObject(from?.secretKeyRef);
      if (cm) check('ConfigMap', cm, cm.key, child(child(base, 'configMapKeyRef'), 'key'));
      if (sec) check('Secret', sec, sec.key, child(child(base, 'secretKeyRef'), 'key'));
    });
  }
  const items = (
    kind: 'ConfigMap' | 'Secret',
    source: JsonObject | undefined,
    nameField: string,
    path: string,
  ): void => {
    if (!source) return;
    const ref = { ...source, name: source[nameField] };
    asArray(source.items).forEach((item, k) =>
      check(kind, ref, asObject(item)?.key, child(index(child(path, 'items'), k), 'key')),
    );
  };
  asArray(pod.spec.volumes).forEach((v, i) => {
    const volume = asObject(v);
    const p = index(child(pod.specPath, 'volumes'), i);
    items('ConfigMap', asObject(volume?.configMap), 'name', child(p, 'configMap'));
    items('Secret', asObject(volume?.secret), 'secretName', child(p, 'secret'));
    asArray(asObject(volume?.projected)?.sources).forEach((s, j) => {
      const sp = index(child(child(p, 'projected'), 'sources'), j);
      items('ConfigMap', asObject(asObject(s)?.configMap), 'name', child(sp, 'configMap'));
      items('Secret', asObject(asObject(s)?.secret), 'name', child(sp, 'secret'));
    });
  });
}
