import { clusterIssuer } from '../../../src/pulumi/platform/cluster-issuer';

describe('clusterIssuer', () => {
  const base = {
    name: 'letsencrypt',
    email: 'ops@example.com',
    server: 'https://acme.test/dir',
    ingressClassName: 'nginx',
  };

  it('is an ACME issuer solving HTTP-01 through the profile’s IngressClass', () => {
    expect(clusterIssuer({ ...base, issuer: 'acme' })).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt' },
      spec: {
        acme: {
          email: 'ops@example.com',
          server: 'https://acme.test/dir',
          privateKeySecretRef: { name: 'letsencrypt-account-key' },
          solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
        },
      },
    });
  });

  it('is self-signed for local clusters', () => {
    expect(clusterIssuer({ ...base, name: 'selfsigned', issuer: 'self-signed' }).spec).toEqual({
      selfSigned: {},
    });
  });
});
