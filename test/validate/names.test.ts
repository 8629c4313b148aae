import {
  configKey,
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  envVarName,
  ianaSvcName,
  labelValue,
  objectNameRule,
  qualifiedName,
} from '../../src/validate/names';
import { app, report } from './helpers/builders';

describe('naming rules', () => {
  it('checks DNS-1123 labels and subdomains, and DNS-1035 labels', () => {
    // GIVEN names at the edges of each rule WHEN checked THEN valid ones give no problem
    expect([dns1123Label('a-1'), dns1123Label('1a'), dns1123Label('a'.repeat(63))]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(dns1123Label('a'.repeat(64))).toBe('must be at most 63 characters');
    expect(dns1123Label('a.b')).toBe(
      'must be a DNS-1123 label (lower-case alphanumerics and "-", starting and ending alphanumeric)',
    );
    expect([
      dns1123Subdomain('a.b-c.d'),
      dns1123Subdomain('a..b') !== undefined,
      dns1123Subdomain('-a') !== undefined,
    ]).toEqual([undefined, true, true]);
    expect(dns1035Label('1web')).toBe(
      'must be a DNS-1035 label (lower-case alphanumerics and "-", starting with a letter)',
    );
  });

  it('checks port names as IANA service names', () => {
    // GIVEN port names WHEN checked THEN the IANA_SVC_NAME rules apply
    expect([ianaSvcName('http'), ianaSvcName('h2c-8080')]).toEqual([undefined, undefined]);
    expect(ianaSvcName('metrics-endpoint1')).toBe('must be at most 15 characters (IANA_SVC_NAME)');
    expect(ianaSvcName('8080')).toBe('must contain at least one letter (IANA_SVC_NAME)');
    expect(ianaSvcName('a--b')).toBe('must not contain consecutive hyphens (IANA_SVC_NAME)');
  });

  it('checks label keys and values, env var names and data keys', () => {
    // GIVEN keys and values WHEN checked THEN the Kubernetes syntax applies
    expect([
      qualifiedName('app.kubernetes.io/name'),
      qualifiedName('a_b.c'),
      labelValue(''),
      labelValue('v1.2_3'),
    ]).toEqual([undefined, undefined, undefined, undefined]);
    expect(qualifiedName('Example.com/x')).toBe(
      'prefix must be a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", starting and ending alphanumeric)',
    );
    expect(qualifiedName('a/')).toBe('has an empty name part');
    expect(labelValue('-x')).toBe(
      'must be empty or alphanumerics, "-", "_" or ".", starting and ending alphanumeric',
    );
    expect([envVarName('MY.VAR-1'), envVarName('1VAR')]).toEqual([
      undefined,
      'must consist of alphanumerics, "-", "_" or "." and not start with a digit',
    ]);
    expect([configKey('app.properties'), configKey('..')]).toEqual([undefined, 'may not be "." or ".."']);
  });

  it('picks the metadata.name rule by kind', () => {
    // GIVEN kinds with different rules WHEN the rule is picked THEN Namespace/Service/RBAC differ from the default
    expect(objectNameRule('', 'Namespace')).toBe(dns1123Label);
    expect(objectNameRule('', 'Service')).toBe(dns1035Label);
    expect(
      objectNameRule('rbac.authorization.k8s.io', 'ClusterRole')('system:aggregate-to-view'),
    ).toBeUndefined();
    expect(objectNameRule('apps', 'Deployment')).toBe(dns1123Subdomain);
  });
});

describe('naming rules in objects', () => {
  it('checks container, port, volume and env var names where they appear', () => {
    // GIVEN bad names in each place
    const set = app();
    const spec = set[1]!.spec.template.spec;
    spec.containers[0].name = 'Web';
    spec.containers[0].ports[0].name = 'http_port';
    spec.containers[0].env = [{ name: '1X', value: 'a' }];
    spec.volumes = [{ name: 'Tmp', emptyDir: {} }];
    set[2]!.metadata.name = '9web';
    // WHEN validated THEN each is reported with its rule
    expect(report(set, 'invalid-name')).toEqual([
      'spec.template.spec.containers[0].env[0].name: env var name "1X" must consist of alphanumerics, "-", "_" or "." and not start with a digit',
      'spec.template.spec.containers[0].name: container name "Web" must be a DNS-1123 label (lower-case alphanumerics and "-", starting and ending alphanumeric)',
      'spec.template.spec.containers[0].ports[0].name: port name "http_port" must contain only lower-case alphanumerics and "-", starting and ending alphanumeric (IANA_SVC_NAME)',
      'spec.template.spec.volumes[0].name: volume name "Tmp" must be a DNS-1123 label (lower-case alphanumerics and "-", starting and ending alphanumeric)',
      'metadata.name: Service name "9web" must be a DNS-1035 label (lower-case alphanumerics and "-", starting with a letter)',
    ]);
  });

  it('checks selector labels and annotation keys', () => {
    // GIVEN a bad Service selector value and a bad annotation key
    const set = app();
    set[2]!.spec.selector = { app: 'web', 'tier/x/y': 'a' };
    set[2]!.metadata.annotations = { 'bad key': 'x' };
    // WHEN validated THEN both are invalid labels
    expect(report(set, 'invalid-label')).toEqual([
      'metadata.annotations["bad key"]: annotation key "bad key" name part must be alphanumerics, "-", "_" or ".", starting and ending alphanumeric',
      'spec.selector["tier/x/y"]: selector label key "tier/x/y" name part must be alphanumerics, "-", "_" or ".", starting and ending alphanumeric',
    ]);
  });
});
