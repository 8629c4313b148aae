import { clusterIssuer } from '../../../src/pulumi/platform/cluster-issuer';

describe('clusterIssuer', () => {
  const base = {
    name: 'letsencrypt',
    email: 'ops@example.com',
    server: 'https://acme.test/dir',
    gateway: { name: 'public-gateway', namespace: 'delinkcious', host: 'delinkcio.us' },
  };

  it("is an ACME issuer solving HTTP-01 through a Gateway API route on the Gateway's HTTP listener", () => {
    // GIVEN the production Gateway WHEN the issuer is made THEN the solver attaches to listener http-<host>
    expect(clusterIssuer({ ...base, issuer: 'acme' })).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt' },
      spec: {
        acme: {
          email: 'ops@example.com',
          server: 'https://acme.test/dir',
          privateKeySecretRef: { name: 'letsencrypt-account-key' },
          solvers: [
            {
              http01: {
                gatewayHTTPRoute: {
                  parentRefs: [
                    {
                      group: 'gateway.networking.k8s.io',
                      kind: 'Gateway',
                      name: 'public-gateway',
                      namespace: 'delinkcious',
                      sectionName: 'http-delinkcio.us',
                    },
                  ],
                },
              },
            },
          ],
        },
      },
    });
  });

  it("names a wildcard host's listener as the Gateway construct does", () => {
    const issuer = clusterIssuer({
      ...base,
      issuer: 'acme',
      gateway: { ...base.gateway, host: '*.example.com' },
    });
    expect(JSON.stringify(issuer)).toContain('"sectionName":"http-wildcard.example.com"');
  });

  it('is self-signed for local clusters', () => {
    expect(clusterIssuer({ ...base, name: 'selfsigned', issuer: 'self-signed' }).spec).toEqual({
      selfSigned: {},
    });
  });
});
