import { JsonPatch } from 'cdk8s';
import { Microservice, Probe, Protocol, Transport, type MicroserviceProps } from '../../constructs';
import { errorOf, find, newSystem, synth } from './_helpers';

// Issue 10's knobs on containers: UDP/SCTP ports, the main container's name, probe headers,
// endpoints for every container, and the typed escape hatches.

const base: MicroserviceProps = { image: 'coredns/coredns:1.11.1', ports: [{ name: 'http', port: 8080 }] };

describe('container knobs', () => {
  test('a UDP port is a UDP container port, Service port and NetworkPolicy port', () => {
    // GIVEN
    const { system } = newSystem();
    const dns = new Microservice(system, 'dns', {
      ...base,
      ports: [
        { name: 'dns', port: 5353, transport: Transport.UDP },
        { name: 'health', port: 8080 },
      ],
      probes: { readiness: Probe.http('/health', { port: 'health' }) },
    });
    const client = new Microservice(system, 'client', { ...base, image: 'nginx:1.25.3' });
    // WHEN
    client.addDependency({ target: dns, ports: ['dns'] });
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Deployment', 'dns').spec.template.spec.containers[0].ports).toEqual([
      { name: 'dns', containerPort: 5353, protocol: 'UDP' },
      { name: 'health', containerPort: 8080, protocol: 'TCP' },
    ]);
    expect(find(objects, 'Service', 'dns').spec.ports[0]).toEqual({
      name: 'dns',
      port: 5353,
      targetPort: 'dns',
      protocol: 'UDP',
    });
    expect(find(objects, 'NetworkPolicy', 'client').spec.egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: dns.selectorLabels } }],
        ports: [{ protocol: 'UDP', port: 5353 }],
      },
    ]);
  });

  test.each<[string, MicroserviceProps, string]>([
    [
      'a UDP main port without a readiness probe',
      { ...base, ports: [{ name: 'dns', port: 53, transport: Transport.UDP }] },
      "Delinkcious/svc: 'probes.readiness' must be set: the main port 'dns' is UDP, which the kubelet cannot probe (got undefined). Use e.g. Probe.exec(['/bin/check'])",
    ],
    [
      'a TCP probe of a UDP port',
      {
        ...base,
        ports: [{ name: 'dns', port: 53, transport: Transport.UDP }],
        probes: { readiness: Probe.tcp() },
      },
      "Delinkcious/svc: 'probes.readiness.port' must be a TCP port: the kubelet probes over TCP (got 'dns/UDP'). Use Probe.exec()",
    ],
    [
      'an HTTP protocol on an SCTP port',
      { ...base, ports: [{ name: 's', port: 36412, transport: Transport.SCTP, protocol: Protocol.HTTP }] },
      "Delinkcious/svc: 'ports[0].protocol' must be unset or Protocol.TCP (opaque) on a SCTP port (got 'http')",
    ],
    [
      'a probe header with a line break',
      { ...base, probes: { readiness: Probe.http('/healthz', { headers: { Host: 'a\r\nb' } }) } },
      "Delinkcious/svc: 'probes.readiness.headers.Host' must not contain line breaks or NUL (got 'a\\r\\nb')",
    ],
    [
      'a main container name that is not a DNS label',
      { ...base, containerName: 'Main' },
      "Delinkcious/svc: 'containerName' must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit (got 'Main')",
    ],
  ])('refuses %s', (_, props, message) => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(errorOf(() => new Microservice(system, 'svc', props))).toBe(message);
  });

  test('probe headers and the main container name render as declared', () => {
    // GIVEN
    const { system } = newSystem();
    // WHEN
    new Microservice(system, 'svc', {
      ...base,
      containerName: 'app',
      probes: { readiness: Probe.http('/healthz', { headers: { Host: 'svc.example.com' } }) },
    });
    // THEN
    const c = find(synth(system), 'Deployment', 'svc').spec.template.spec.containers[0];
    expect(c.name).toBe('app');
    expect(c.readinessProbe.httpGet.httpHeaders).toEqual([{ name: 'Host', value: 'svc.example.com' }]);
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('escape hatches are typed accessors of every emitted object (JSON patch example)', () => {
    // GIVEN
    const { system } = newSystem();
    const svc = new Microservice(system, 'svc', {
      ...base,
      config: { env: { A: '1' } },
      autoscaling: { minReplicas: 2, maxReplicas: 3 },
      availability: { maxUnavailable: 1 },
    });
    // WHEN a field the props do not cover is patched
    svc.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'high'));
    const objects = synth(system);
    // THEN
    expect(find(objects, 'Deployment', 'svc').spec.template.spec.priorityClassName).toBe('high');
    expect(
      [svc.service, svc.serviceAccount, svc.networkPolicy, svc.configMap, svc.hpa, svc.pdb].map(
        (o) => o?.kind,
      ),
    ).toEqual([
      'Service',
      'ServiceAccount',
      'NetworkPolicy',
      'ConfigMap',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
    ]);
    expect([system.namespaceObject?.kind, system.defaultDenyPolicy?.name, system.dnsPolicy?.name]).toEqual([
      'Namespace',
      'default-deny',
      'allow-dns',
    ]);
  });
});
