import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import app from '../../../src/delinkcious/app';
import { environmentNames } from '../../../src/delinkcious/environments';
import { contentVersion, renderChart } from '../../../src/synth/helm/chart';
import { renderOutput, toYaml } from '../../../src/synth/output';
import { synthesizeApp } from '../../../src/synth/index';
import { validateObjects } from '../../../src/validate';
import { _contentHash } from '../../../constructs/_hash';
import { describeWithHelm, helm, template, writeChart } from './_helm';
import { DEFAULTS, shop, shopTree } from './_shop';

const key = (o: any) => `${o.kind}/${o.metadata.name}`;
const byKey = (objects: readonly any[]) => new Map(objects.map((o) => [key(o), o]));
/** The plain manifests of a System minus the Namespace (applied before the chart), by kind/name. */
const plain = (s: { objects: readonly any[] }) => byKey(s.objects.filter((o) => o.kind !== 'Namespace'));

describe('renderChart (no helm needed)', () => {
  const tree = shopTree();

  test('writes Chart.yaml, values, schema, README, NOTES, helpers and one template per manifest file', () => {
    // GIVEN / WHEN
    const files = [...tree.keys()].filter((p) => p.startsWith('helm/shop/')).sort();
    // THEN
    expect(files).toEqual([
      'helm/shop/Chart.yaml',
      'helm/shop/README.md',
      'helm/shop/templates/01-network-policies.yaml',
      'helm/shop/templates/NOTES.txt',
      'helm/shop/templates/_helpers.tpl',
      'helm/shop/templates/api.yaml',
      'helm/shop/templates/consumer.yaml',
      'helm/shop/templates/nightly.yaml',
      'helm/shop/templates/orders-db.yaml',
      'helm/shop/templates/public.yaml',
      'helm/shop/templates/web.yaml',
      'helm/shop/values.schema.json',
      'helm/shop/values.yaml',
    ]);
  });

  test('versions the chart by content: the same content the same version, a changed default another', () => {
    // GIVEN
    const chart = (props = {}) =>
      yaml.load(shopTree(props).get('helm/shop/Chart.yaml')!) as Record<string, string>;
    // WHEN
    const [a, b, c] = [chart(), chart(), chart({ webReplicas: 3 })];
    // THEN
    expect(a.version).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
    expect(b.version).toBe(a.version);
    expect(c.version).not.toBe(a.version);
    expect(a.appVersion).toBe('2.3.4');
    expect(contentVersion('1.0.0+build.7', new Map([['x', 'y']]))).toMatch(
      /^1\.0\.0\+build\.7\.[0-9a-f]{12}$/,
    );
  });

  test('writes the README values table as helm-docs does (key, type, default, description)', () => {
    // GIVEN / WHEN
    const readme = tree.get('helm/shop/README.md')!;
    // THEN
    expect(readme).toContain(
      '| Key | Type | Default | Description |\n|-----|------|---------|-------------|\n',
    );
    expect(readme).toContain('| web.replicas | int | `2` | Replicas when there is no autoscaling. |');
    expect(readme).toContain(
      '| public.hosts | array | `["shop.example.com","api.shop.example.com"]` | Host names of the rules, in rule order (RFC 1123; a leading `*.` wildcard is allowed). |',
    );
  });

  test('keeps literal template delimiters of the objects literal (the parity tests render them)', () => {
    // GIVEN / WHEN
    const api = tree.get('helm/shop/templates/api.yaml')!;
    // THEN
    expect(api).toContain('value: Hello {{ "{{" }} .Name }}');
    expect(tree.get('helm/shop/values.yaml')).toContain('app.ini: |\n      [app]\n      name = {{ shop }}\n');
  });
});

describeWithHelm('the chart rendered by the real helm', () => {
  const delinkcious = renderOutput(synthesizeApp(app));
  const systems = new Map(synthesizeApp(app).map((s) => [s.dir, s]));

  test.each(environmentNames)(
    '%s: helm lint --strict passes, and helm template with the default values renders exactly dist/<env> minus the Namespace',
    (env) => {
      // GIVEN the chart as npm run synth writes it
      const chart = writeChart(delinkcious, `helm/${env}/`);
      // WHEN
      const lint = helm(['lint', '--strict', '--kube-version', '1.27.0', chart]);
      const rendered = template(chart, 'delinkcious');
      // THEN
      expect([lint.status, lint.stderr]).toEqual([0, '']);
      expect(rendered).toHaveLength(plain(systems.get(env)!).size);
      expect(byKey(rendered)).toEqual(plain(systems.get(env)!));
    },
  );

  test('renders into another namespace: every object and in-cluster DNS name follows the release', () => {
    // GIVEN
    const chart = writeChart(delinkcious, 'helm/production/');
    // WHEN
    const rendered = template(chart, 'team-a');
    // THEN
    expect(new Set(rendered.map((o) => o.metadata.namespace))).toEqual(new Set(['team-a']));
    const text = JSON.stringify(rendered);
    expect(text).toContain('link-manager.team-a.svc');
    expect(text).not.toMatch(/\.delinkcious\.svc|"namespace":"delinkcious"/);
  });

  test('renders sample overrides exactly as the constructs synthesize the same props', () => {
    // GIVEN the chart of the default props
    const chart = writeChart(shopTree(), 'helm/shop/');
    const overrides = {
      webTag: '1.5.0',
      webReplicas: 4,
      webCpuLimit: '2',
      greeting: 'bonjour',
      apiMin: 3,
      apiMax: 9,
      dbReplicas: 0,
      host: 'shop.example.org',
      issuer: 'letsencrypt-staging',
    };
    // WHEN it is rendered with values a pipeline would set
    const rendered = template(chart, 'shop', [
      ...[
        '--set-string',
        'web.image.tag=1.5.0',
        '--set',
        'web.replicas=4',
        '--set-string',
        'web.resources.limits.cpu=2',
      ],
      ...['--set-string', 'web.config.GREETING=bonjour', '--set', 'api.autoscaling.minReplicas=3'],
      ...['--set', 'api.autoscaling.maxReplicas=9', '--set', 'ordersDb.replicas=0'],
      ...[
        '--set',
        'public.hosts={shop.example.org,api.shop.example.org}',
        '--set',
        'public.tls.clusterIssuer=letsencrypt-staging',
      ],
    ]);
    // THEN it is the synthesis of those props, object for object (labels, config hash, TLS hosts included)
    expect(byKey(rendered)).toEqual(plain(shop(overrides)));
    // (web is delivered blue-green: the replicas are the Rollout's, the new tag is in the template it references)
    const objects = byKey(rendered);
    expect(objects.get('Rollout/web').spec.replicas).toBe(4);
    expect(objects.get('Deployment/web').spec.replicas).toBe(0);
    expect(objects.get('Deployment/web').spec.template.spec.containers[0].image).toBe('example/web:1.5.0');
    // AND it passes shipshape's validator
    expect(validateObjects(rendered.map((object) => ({ object, file: 'rendered.yaml' })))).toEqual([]);
  });

  test('follows a changed ConfigMap with the rollout hash, as the construct computes it', () => {
    // GIVEN
    const chart = writeChart(shopTree(), 'helm/shop/');
    // WHEN the config changes through a value, and then not
    const changed = byKey(template(chart, 'shop', ['--set-string', 'web.config.GREETING=hi']));
    const same = byKey(template(chart, 'shop'));
    // THEN the pods' annotation is the hash of the rendered data, the one dist/ has for that data
    const hash = (m: Map<string, any>) =>
      m.get('Deployment/web').spec.template.metadata.annotations['shipshape.io/config-hash'];
    expect(hash(changed)).toBe(_contentHash(changed.get('ConfigMap/web-config').data));
    expect(hash(changed)).not.toBe(hash(same));
    expect(hash(same)).toBe(
      _contentHash({ GREETING: DEFAULTS.greeting, 'app.ini': '[app]\nname = {{ shop }}\n' }),
    );
  });

  test('hashes any config data exactly as the construct does (sampled strings, through values files)', () => {
    // GIVEN
    const chart = writeChart(shopTree(), 'helm/shop/');
    const unit = fc.constantFrom(
      '<',
      '>',
      '&',
      '\u2028',
      '\u2029',
      '\n',
      '\t',
      '"',
      '\\',
      'é',
      '😀',
      '\u0001',
      '\u007f',
      '\u0085',
      '\u009f',
      '\ufeff',
      'a',
      ' ',
      '{{',
      '}}',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (greeting) => {
        // WHEN the value comes from a values file, as a pipeline writes one
        const file = path.join(chart, `..`, `values-${process.pid}.yaml`);
        fs.writeFileSync(file, yaml.dump({ web: { config: { GREETING: greeting } } }));
        const web = byKey(template(chart, 'shop', ['-f', file])).get('Deployment/web');
        // THEN the pods' hash is the construct's hash of that data
        const data = { GREETING: greeting, 'app.ini': '[app]\nname = {{ shop }}\n' };
        expect([greeting, web.spec.template.metadata.annotations['shipshape.io/config-hash']]).toEqual([
          greeting,
          _contentHash(data),
        ]);
      }),
      { numRuns: 25, examples: [['\n\u2029<']] },
    );
  });

  test('switches the certificate Secret or the issuer per install, and keeps TLS on (it shapes the listeners)', () => {
    // GIVEN the shop's chart with TLS from a Secret, and with cert-manager
    const fromSecret = writeChart(shopTree({ secretName: 'shop-tls' }), 'helm/shop/');
    const issued = writeChart(shopTree(), 'helm/shop/');
    // WHEN the Secret and the issuer are overridden
    const secret = byKey(template(fromSecret, 'shop', ['--set', 'public.tls.secretName=wildcard-tls']));
    const issuer = byKey(template(issued, 'shop', ['--set', 'public.tls.clusterIssuer=letsencrypt-staging']));
    const off = helm([
      'template',
      'rel',
      issued,
      '--kube-version',
      '1.27.0',
      '--set',
      'public.tls.enabled=false',
    ]);
    // THEN every HTTPS listener serves the new Secret; the Gateway names the new issuer; TLS cannot be turned off
    const certs = (g: any) =>
      g.spec.listeners
        .filter((l: any) => l.protocol === 'HTTPS')
        .map((l: any) => l.tls.certificateRefs[0].name);
    expect(certs(secret.get('Gateway/public'))).toEqual(['wildcard-tls', 'wildcard-tls']);
    expect(certs(issuer.get('Gateway/public'))).toEqual([
      'public-shop.example.com-tls',
      'public-api.shop.example.com-tls',
    ]);
    expect(issuer.get('Gateway/public').metadata.annotations['cert-manager.io/cluster-issuer']).toBe(
      'letsencrypt-staging',
    );
    expect(off.status).not.toBe(0);
    expect(off.stderr).toContain("at '/public/tls': additional properties 'enabled' not allowed");
  });

  test('renames listeners, routes and Secrets with the hosts they serve', () => {
    // GIVEN the shop's chart WHEN a host is overridden
    const chart = writeChart(shopTree(), 'helm/shop/');
    const r = byKey(
      template(chart, 'shop', ['--set', 'public.hosts={*.shop.example.org,api.shop.example.com}']),
    );
    // THEN the names follow the host, `*.` written `wildcard.`
    expect(r.get('Gateway/public').spec.listeners.map((l: any) => [l.name, l.hostname])).toEqual([
      ['http-wildcard.shop.example.org', '*.shop.example.org'],
      ['https-wildcard.shop.example.org', '*.shop.example.org'],
      ['http-api.shop.example.com', 'api.shop.example.com'],
      ['https-api.shop.example.com', 'api.shop.example.com'],
    ]);
    const route = r.get('HTTPRoute/public-wildcard.shop.example.org');
    expect(route.spec.hostnames).toEqual(['*.shop.example.org']);
    expect(route.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'public',
        sectionName: 'https-wildcard.shop.example.org',
      },
    ]);
    expect(
      r.get('HTTPRoute/public-redirect-to-https').spec.parentRefs.map((p: any) => p.sectionName),
    ).toEqual(['http-wildcard.shop.example.org', 'http-api.shop.example.com']);
  });

  test.each([
    ['web.image.tag=latest', "at '/web/image/tag': 'latest' does not match pattern '[0-9]'"],
    ['web.image.repository=Example/Web', "at '/web/image/repository'"],
    ['web.replicas=-1', "at '/web/replicas': minimum: got -1, want 0"],
    ['api.replicas=2', "at '/api': additional properties 'replicas' not allowed"],
    ['api.autoscaling.minReplicas=0', "at '/api/autoscaling/minReplicas': minimum: got 0, want 1"],
    ['web.resources.limits.cpu=-1', "at '/web/resources/limits/cpu'"],
    ['web.resources.requests.memory=lots', "at '/web/resources/requests/memory'"],
    ['public.hosts={10.0.0.1,api.shop.example.com}', "at '/public/hosts/0'"],
    ['public.hosts={Shop.example.com,api.shop.example.com}', "at '/public/hosts/0'"],
    ['public.hosts={shop.example.com}', "at '/public/hosts': minItems: got 1, want 2"],
    ['public.tls.clusterIssuer=Not_A_Name', "at '/public/tls/clusterIssuer'"],
    ['web.config.OTHER=x', "at '/web/config': additional properties 'OTHER' not allowed"],
    ['webb.replicas=1', "additional properties 'webb' not allowed"],
  ])('refuses --set %s in Helm itself', (set, message) => {
    // GIVEN
    const chart = writeChart(shopTree(), 'helm/shop/');
    // WHEN
    const r = helm(['template', 'rel', chart, '--kube-version', '1.27.0', '--set', set]);
    // THEN
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("values don't meet the specifications of the schema");
    expect(r.stderr).toContain(message);
  });

  test('refuses autoscaling bounds the wrong way round with a template guard (JSON Schema cannot compare them)', () => {
    // GIVEN
    const chart = writeChart(shopTree(), 'helm/shop/');
    // WHEN
    const r = helm([
      ...['template', 'rel', chart, '--kube-version', '1.27.0'],
      ...['--set', 'api.autoscaling.minReplicas=7', '--set', 'api.autoscaling.maxReplicas=3'],
    ]);
    // THEN
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      "values: 'api.autoscaling.minReplicas' must be <= 'api.autoscaling.maxReplicas' (got 7 > 3)",
    );
  });

  test('packages under its content version, and says where to reach it in NOTES.txt', () => {
    // GIVEN
    const s = shop();
    const chart = writeChart(shopTree(), 'helm/shop/');
    const out = fs.mkdtempSync(path.join(path.dirname(chart), 'pkg-'));
    // WHEN
    const pkg = helm(['package', chart, '-d', out]);
    // helm template leaves NOTES.txt out: render its text through a template of its own.
    const text = fs.readFileSync(path.join(chart, 'templates', 'NOTES.txt'), 'utf8');
    fs.writeFileSync(
      path.join(chart, 'templates', '_notes.tpl'),
      `{{- define "notes" -}}\n${text}{{- end }}`,
    );
    fs.writeFileSync(
      path.join(chart, 'templates', 'notes.yaml'),
      'notes: {{ include "notes" . | toJson }}\n',
    );
    const rendered = helm([
      ...['template', 'rel', chart, '-n', 'shop', '--kube-version', '1.27.0'],
      ...['--show-only', 'templates/notes.yaml'],
    ]);
    const notes = { stdout: String((yaml.load(rendered.stdout) as { notes: string }).notes) };
    // THEN
    const version = renderChart(s, toYaml).version;
    expect(pkg.status).toBe(0);
    expect(fs.readdirSync(out)).toEqual([`shop-${version}.tgz`]);
    expect(notes.stdout).toContain('https://shop.example.com/   (Gateway public)');
    expect(notes.stdout).toContain('https://api.shop.example.com/   (Gateway public)');
    expect(notes.stdout).toContain('is release rel (revision 1) in namespace shop.');
  });
});
