import { Microservice, Probe, Transport } from '../../constructs';
import { errorOf, find, newSystem, synth } from './_helpers';

// Issue 18, class "valid input refused": a DNS server serves 53/TCP and 53/UDP.

describe('ports of one number on two transports', () => {
  test('a DNS server serves 53 over TCP and UDP: container ports, Service ports and policies', () => {
    // GIVEN
    const { system } = newSystem();
    const dns = new Microservice(system, 'dns', {
      image: 'coredns/coredns:1.11.1',
      ports: [
        { name: 'dns', port: 53, transport: Transport.UDP },
        { name: 'dns-tcp', port: 53 },
      ],
      probes: { readiness: Probe.tcp({ port: 53 }) },
    });
    const client = new Microservice(system, 'client', {
      image: 'nginx:1.25.3',
      ports: [{ name: 'http', port: 80 }],
      dependencies: [{ target: dns, ports: ['dns', 'dns-tcp'] }],
    });
    void client;
    // WHEN
    const objects = synth(system);
    // THEN both ports exist everywhere, and the probe by number picks the TCP one
    const container = find(objects, 'Deployment', 'dns').spec.template.spec.containers[0];
    expect(container.ports).toEqual([
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    ]);
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'dns-tcp' });
    expect(find(objects, 'Service', 'dns').spec.ports.map((p: any) => [p.port, p.protocol])).toEqual([
      [53, 'UDP'],
      [53, 'TCP'],
    ]);
    expect(find(objects, 'NetworkPolicy', 'client').spec.egress[0].ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  });

  test('one number twice on one transport is still refused', () => {
    // GIVEN / WHEN / THEN
    const { system } = newSystem();
    expect(
      errorOf(
        () =>
          new Microservice(system, 'dns', {
            image: 'coredns/coredns:1.11.1',
            ports: [
              { name: 'a', port: 53 },
              { name: 'b', port: 53, servicePort: 54 },
            ],
          }),
      ),
    ).toBe("Delinkcious/dns: 'ports' must not repeat a port number on one transport (got '53/TCP')");
    expect(
      errorOf(
        () =>
          new Microservice(system, 'dns2', {
            image: 'coredns/coredns:1.11.1',
            ports: [
              { name: 'a', port: 53 },
              { name: 'b', port: 54, servicePort: 53 },
            ],
          }),
      ),
    ).toBe("Delinkcious/dns2: 'ports' must not repeat a service port on one transport (got '53/TCP')");
  });
});
