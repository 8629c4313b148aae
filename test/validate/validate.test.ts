import { validateObjects, type ManifestDocument } from '../../src/validate';
import { app, findings } from './helpers/builders';
import { generateObjects } from './helpers/generate-objects';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

describe('validateObjects', () => {
  it('finds nothing in a compliant set of 3,000 objects across 10 namespaces', () => {
    // GIVEN 500 apps of 6 objects each (Deployment, Service, ServiceAccount, ConfigMap, PDB, NetworkPolicy)
    const docs = generateObjects(500);
    // WHEN validated THEN every object is known-good
    expect(docs).toHaveLength(3000);
    expect(validateObjects(docs)).toEqual([]);
  });

  it('does not modify its input', () => {
    // GIVEN frozen documents WHEN validated THEN no write is attempted (it would throw)
    const docs = deepFreeze(app().map((object) => ({ object })));
    expect(() => validateObjects(docs)).not.toThrow();
  });

  it('reports documents that are not Kubernetes objects', () => {
    // GIVEN a list, a string and a mapping without kind WHEN validated
    const docs: ManifestDocument[] = [
      { object: [1] },
      { object: 'text', file: 'a.yaml', line: 3 },
      { object: { apiVersion: 'v1' } },
    ];
    // THEN each is an invalid manifest: in-memory ones in input order, then those from files
    expect(validateObjects(docs).map((f) => [f.ruleId, f.file, f.message])).toEqual([
      ['invalid-manifest', undefined, 'document is a list, not a mapping'],
      ['invalid-manifest', undefined, 'document has no string apiVersion and kind'],
      ['invalid-manifest', 'a.yaml', 'document is a string, not a mapping'],
    ]);
  });

  it('reports a duplicate object with where the first one is', () => {
    // GIVEN the same Service in two files
    const [sa, d, svc] = app();
    const docs = [
      { object: sa },
      { object: d },
      { object: svc, file: 'a.yaml', line: 10 },
      { object: svc, file: 'b.yaml', line: 4 },
    ];
    // WHEN validated THEN the second is reported, naming the first
    expect(validateObjects(docs).map((f) => [f.ruleId, f.file, f.line, f.message])).toEqual([
      ['duplicate-object', 'b.yaml', 4, 'Service web is defined twice (a.yaml:10)'],
    ]);
  });

  it('skips the rules the caller asks it to skip', () => {
    // GIVEN a Deployment without probes
    const set = app();
    delete set[1]!.spec.template.spec.containers[0].livenessProbe;
    // WHEN validated with no-liveness-probe skipped THEN nothing is reported
    expect(findings(set).map((f) => f.ruleId)).toEqual(['no-liveness-probe']);
    expect(
      validateObjects(
        set.map((object) => ({ object })),
        { skipRules: ['no-liveness-probe'] },
      ),
    ).toEqual([]);
  });

  it('orders findings by file and line, then input order, rule and path', () => {
    // GIVEN two broken objects, the second one earlier in the same file
    const [sa, d, svc] = app();
    const bad1 = { ...svc, metadata: { name: 'Bad_1', namespace: 'shop' } };
    const bad2 = { ...svc, metadata: { name: 'Bad_2', namespace: 'shop' } };
    const docs = [
      { object: sa },
      { object: d },
      { object: bad1, file: 'x.yaml', line: 20 },
      { object: bad2, file: 'x.yaml', line: 5 },
    ];
    // WHEN validated THEN line 5 comes first
    expect(validateObjects(docs).map((f) => `${f.line} ${f.ruleId}`)).toEqual([
      '5 invalid-name',
      '20 invalid-name',
    ]);
  });
});
