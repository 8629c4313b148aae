import { CHARTS, DEV_VAULT_ADDRESS, PLATFORM_NAMESPACES } from '../../../src/pulumi/platform/charts';

describe('CHARTS', () => {
  it('pins every platform chart to an exact version from an https repository', () => {
    expect(CHARTS).toEqual({
      ingressNginx: {
        chart: 'ingress-nginx',
        version: '4.12.1',
        repo: 'https://kubernetes.github.io/ingress-nginx',
      },
      certManager: { chart: 'cert-manager', version: 'v1.16.2', repo: 'https://charts.jetstack.io' },
      metricsServer: {
        chart: 'metrics-server',
        version: '3.12.2',
        repo: 'https://kubernetes-sigs.github.io/metrics-server/',
      },
      kubePrometheusStack: {
        chart: 'kube-prometheus-stack',
        version: '72.9.0',
        repo: 'https://prometheus-community.github.io/helm-charts',
      },
      externalSecrets: {
        chart: 'external-secrets',
        version: '0.17.0',
        repo: 'https://charts.external-secrets.io',
      },
      vault: { chart: 'vault', version: '0.30.0', repo: 'https://helm.releases.hashicorp.com' },
    });
    for (const pin of Object.values(CHARTS)) expect(pin.version).toMatch(/^v?\d+\.\d+\.\d+$/);
  });

  it('places the dev Vault where its in-cluster address points', () => {
    expect(DEV_VAULT_ADDRESS).toBe(`http://vault.${PLATFORM_NAMESPACES.vault}.svc:8200`);
  });
});
