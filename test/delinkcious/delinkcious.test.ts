import { App, Testing } from 'cdk8s';
import { Delinkcious } from '../../src/delinkcious/delinkcious';
import { environmentNames, profiles } from '../../src/delinkcious/environments';
import {
  synthesizeEnvironment,
  type DelinkciousEnvironment as SynthesizedEnvironment,
} from '../../src/delinkcious/app';
import type { KubeObject } from '../../src/synth/files';
import { grantKey, meshGrants } from '../../src/analyze/authorization-policy';
import type { ManifestObject } from '../../src/analyze/parties';
import { declaredGrants } from '../analyze/_declared-grants';

const envs = Object.fromEntries(environmentNames.map((n) => [n, synthesizeEnvironment(n)])) as Record<
  string,
  SynthesizedEnvironment
>;
const get = (env: string, kind: string, name: string): any => {
  const o = envs[env].objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${env}: no ${kind}/${name}`);
  return o;
};
const all = (env: string, kind: string): any[] => envs[env].objects.filter((o) => o.kind === kind);
/** The mesh's own port on every pod-to-pod edge where the environment runs Istio ambient (HBONE). */
const hbone = (env: (typeof environmentNames)[number]) => (profiles[env]!.mesh === 'ambient' ? [15008] : []);
const labels = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': 'delinkcious',
});

describe('Delinkcious', () => {
  test.each(environmentNames)('%s matches its snapshot', (env) => {
    // GIVEN / WHEN / THEN
    expect(envs[env].files.map((f) => ({ file: f.name, objects: f.objects }))).toMatchSnapshot();
  });

  test('production link-manager autoscales from at least 2 and its PDB still allows an eviction', () => {
    // GIVEN
    const hpa = get('production', 'HorizontalPodAutoscaler', 'link-manager');
    const pdb = get('production', 'PodDisruptionBudget', 'link-manager');
    // WHEN
    const floor = hpa.spec.minReplicas;
    // THEN
    expect(floor).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(floor);
    expect(pdb.spec.maxUnavailable ?? floor - pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.selector.matchLabels).toEqual(
      get('production', 'Deployment', 'link-manager').spec.selector.matchLabels,
    );
    expect(
      get('production', 'Deployment', 'link-manager').spec.template.spec.topologySpreadConstraints,
    ).toHaveLength(2);
  });

  test('production delivers link-manager and the api-gateway by an analyzed canary; the rest roll their Deployments', () => {
    // GIVEN / WHEN the environments' Rollouts
    const rollouts = (env: string) => all(env, 'Rollout').map((r) => r.metadata.name);
    // THEN only production's two user-facing services have one
    expect(rollouts('production').sort()).toEqual(['api-gateway', 'link-manager']);
    expect([...rollouts('local'), ...rollouts('staging')]).toEqual([]);
    for (const name of ['link-manager', 'api-gateway']) {
      const rollout = get('production', 'Rollout', name);
      expect(rollout.spec.workloadRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name,
        scaleDown: 'onsuccess',
      });
      expect(rollout.spec.strategy.canary.steps.map((s: object) => Object.keys(s)[0])).toEqual([
        'setWeight',
        'analysis',
        'setWeight',
        'analysis',
        'setWeight',
        'pause',
      ]);
      expect(get('production', 'Deployment', name).spec.replicas).toBe(0);
      expect(get('production', 'HorizontalPodAutoscaler', name).spec.scaleTargetRef.kind).toBe('Rollout');
      expect(get('production', 'AnalysisTemplate', name).spec.metrics).toHaveLength(2);
    }
    expect(get('production', 'Deployment', 'user-manager').spec.replicas).toBeUndefined();
  });

  test('local runs one replica of every service, with no HPA, PDB, ServiceMonitor or ExternalSecret', () => {
    // GIVEN / WHEN
    const deployments = all('local', 'Deployment');
    // THEN
    expect(deployments.map((d) => d.spec.replicas)).toEqual(deployments.map(() => 1));
    for (const kind of [
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'ServiceMonitor',
      'ExternalSecret',
    ]) {
      expect(all('local', kind)).toEqual([]);
    }
    expect(get('local', 'StatefulSet', 'nats').spec.replicas).toBe(1);
    expect(get('local', 'Gateway', 'public-gateway').spec.listeners.map((l: any) => l.protocol)).toEqual([
      'HTTP',
    ]);
  });

  test('news-manager may reach news-redis:6379 and nats:4222 and nothing else (besides DNS)', () => {
    for (const env of environmentNames) {
      // GIVEN
      const np = get(env, 'NetworkPolicy', 'news-manager');
      // WHEN
      const egress = np.spec.egress.map((r: any) => [
        r.to[0].podSelector?.matchLabels['app.kubernetes.io/name'],
        r.ports.map((p: any) => p.port),
      ]);
      // THEN
      expect(egress).toEqual([
        ['news-redis', [6379, ...hbone(env)]],
        ['nats', [4222, ...hbone(env)]],
      ]);
      expect(get(env, 'NetworkPolicy', 'default-deny').spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
    }
  });

  test("api-gateway is reachable from exactly its Gateway's Envoy proxies, through an HTTPRoute", () => {
    for (const env of environmentNames) {
      // GIVEN
      const np = get(env, 'NetworkPolicy', 'api-gateway');
      const route = get(env, 'HTTPRoute', `public-gateway-${profiles[env]!.gateway.host}`);
      // WHEN
      const fromProxies = np.spec.ingress.filter(
        (r: any) =>
          r.from[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'envoy-gateway-system',
      );
      // THEN one rule, the proxies of Gateway delinkcious/public-gateway only, port 5000 only
      expect(fromProxies).toEqual([
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
              podSelector: {
                matchLabels: {
                  'gateway.envoyproxy.io/owning-gateway-name': 'public-gateway',
                  'gateway.envoyproxy.io/owning-gateway-namespace': 'delinkcious',
                },
              },
            },
          ],
          ports: [5000, ...hbone(env)].map((port) => ({ protocol: 'TCP', port })),
        },
      ]);
      expect(route.spec.rules[0].backendRefs).toEqual([
        { group: '', kind: 'Service', name: 'api-gateway', port: 5000, weight: 1 },
      ]);
      expect(all(env, 'Ingress')).toEqual([]);
    }
  });

  test('production serves TLS through cert-manager on delinkcio.us, and redirects HTTP to HTTPS', () => {
    // GIVEN / WHEN
    const gateway = get('production', 'Gateway', 'public-gateway');
    const redirect = get('production', 'HTTPRoute', 'public-gateway-redirect-to-https');
    // THEN
    expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(gateway.spec.listeners[1]).toEqual({
      name: 'https-delinkcio.us',
      hostname: 'delinkcio.us',
      port: 443,
      protocol: 'HTTPS',
      tls: {
        mode: 'Terminate',
        certificateRefs: [{ group: '', kind: 'Secret', name: 'public-gateway-delinkcio.us-tls' }],
      },
      allowedRoutes: { namespaces: { from: 'Same' } },
    });
    expect(redirect.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public-gateway',
        sectionName: 'http-delinkcio.us',
      },
    ]);
  });

  test('every postgres is a StatefulSet with a volumeClaimTemplate and a headless Service, running as uid 70 with PGDATA on the volume', () => {
    for (const env of environmentNames) {
      for (const db of ['link-db', 'social-graph-db', 'user-db']) {
        // GIVEN
        const sts = get(env, 'StatefulSet', db);
        // WHEN
        const container = sts.spec.template.spec.containers[0];
        // THEN
        expect(get(env, 'Service', db).spec.clusterIP).toBe('None');
        expect(sts.spec.serviceName).toBe(db);
        expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe(envs[env].profile.storageClass);
        expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsUser: 70, fsGroup: 70 });
        expect(
          container.env
            .find((e: any) => e.name === 'PGDATA')
            .value.startsWith(container.volumeMounts.find((m: any) => m.name === 'data').mountPath + '/'),
        ).toBe(true);
      }
    }
  });

  test('NATS is clustered in staging and production: 3 peers over the route port', () => {
    // GIVEN
    const sts = get('production', 'StatefulSet', 'nats');
    // WHEN
    const args: string[] = sts.spec.template.spec.containers[0].args;
    // THEN
    expect(sts.spec.replicas).toBe(3);
    expect(args[args.indexOf('--routes') + 1].split(',')).toHaveLength(3);
    expect(get('production', 'NetworkPolicy', 'nats').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: labels('nats') } }],
      ports: [6222, ...hbone('production')].map((port) => ({ protocol: 'TCP', port })),
    });
    expect(
      get('local', 'NetworkPolicy', 'nats').spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port)),
    ).not.toContain(6222);
    expect(get('local', 'StatefulSet', 'nats').spec.template.spec.containers[0].args).not.toContain(
      '--routes',
    );
  });

  test('production runs Istio ambient whose AuthorizationPolicies allow exactly the declared calls; the others no mesh', () => {
    expect(environmentNames.filter((env) => profiles[env]!.mesh !== undefined)).toEqual(['production']);
    for (const env of environmentNames) {
      // GIVEN the synthesized environment
      const { objects, system } = envs[env];
      const istio = objects.filter((o) => o.apiVersion.startsWith('security.istio.io/'));
      if (profiles[env]!.mesh === undefined) {
        // THEN without a mesh no Istio object and no mesh port
        expect(istio).toEqual([]);
        expect(JSON.stringify(objects)).not.toContain('15008');
        continue;
      }
      // WHEN its AuthorizationPolicies are read back from the YAML
      const grants = meshGrants(objects as readonly ManifestObject[]).map(grantKey);
      // THEN they allow exactly what the graph declares (dependencies, NATS peers, the Gateway's Envoy proxies,
      // Prometheus on metrics ports), and every call is mTLS only
      expect(grants).toEqual(declaredGrants(system));
      expect(grants).toContain(
        'cluster.local/ns/envoy-gateway-system/sa/envoy-delinkcious-public-gateway-c906ce56>delinkcious/api-gateway:5000',
      );
      expect(get(env, 'PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
      expect(get(env, 'Namespace', 'delinkcious').metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    }
  });

  test('no Secret object is synthesized; cloud environments get ExternalSecrets from the Vault store', () => {
    for (const env of environmentNames) {
      // GIVEN / WHEN / THEN
      expect(all(env, 'Secret')).toEqual([]);
      expect(envs[env].secrets.map((s) => s.name)).toEqual([
        'link-db-credentials',
        'social-graph-db-credentials',
        'user-db-credentials',
        'github-oauth',
        'mutual-auth',
      ]);
    }
    expect(all('production', 'ExternalSecret').map((e) => e.spec.secretStoreRef)).toEqual(
      Array(5).fill({ kind: 'ClusterSecretStore', name: 'vault' }),
    );
    expect(envs.production.secrets.every((s) => s.external)).toBe(true);
    expect(envs.local.secrets.some((s) => s.external)).toBe(false);
  });

  test('ServiceMonitors carry the Prometheus release label in the cloud', () => {
    // GIVEN / WHEN
    const monitors = all('production', 'ServiceMonitor');
    // THEN
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual([
      'api-gateway',
      'link-manager',
      'news-manager',
      'social-graph-manager',
      'user-manager',
    ]);
    expect(monitors.every((m) => m.metadata.labels.release === 'kube-prometheus-stack')).toBe(true);
    expect(get('production', 'ServiceMonitor', 'news-manager').spec.endpoints[0].port).toBe('metrics');
  });

  test("internet egress leaves out the clusters' pod ranges, 100.64.0.0/10 of EKS custom networking too (issue 18)", () => {
    // GIVEN the api-gateway's egress to the public internet (GitHub OAuth) / WHEN / THEN
    const internet = (env: string) =>
      get(env, 'NetworkPolicy', 'api-gateway').spec.egress.find((e: any) => e.to[0].ipBlock).to[0].ipBlock;
    expect(internet('production')).toEqual({
      cidr: '0.0.0.0/0',
      except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'],
    });
    // minikube's ranges lie inside 10.0.0.0/8, which the profile's except already leaves out
    expect(internet('local').except).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '169.254.0.0/16',
    ]);
  });

  test('the link checker is a CronJob that reaches link-manager and NATS', () => {
    // GIVEN / WHEN
    const cron = get('production', 'CronJob', 'link-checker');
    const env = cron.spec.jobTemplate.spec.template.spec.containers[0].env.map((e: any) => e.name);
    // THEN
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(env).toEqual(
      expect.arrayContaining(['LINK_MANAGER_SERVICE_HOST', 'NATS_SERVICE_HOST', 'NATS_SERVICE_PORT_CLIENT']),
    );
  });

  test('an image tag override of a profile changes only that service', () => {
    // GIVEN
    const app = new App();
    // WHEN
    const system = new Delinkcious(app, 'Delinkcious', {
      profile: { ...profiles.local, imageTags: { 'link-manager': '0.4' } },
    });
    const objects = Testing.synth(system) as KubeObject[];
    const image = (n: string) =>
      (objects.find((o) => o.kind === 'Deployment' && o.metadata.name === n) as any).spec.template.spec
        .containers[0].image;
    // THEN
    expect(image('link-manager')).toBe('g1g1/delinkcious-link:0.4');
    expect(image('user-manager')).toBe('g1g1/delinkcious-user:0.3');
  });
});
