/**
 * The validator on YAML nobody here wrote: Google's Online Boutique release manifests and the book's own
 * Delinkcious manifests (see shared/external/README.md). Counts are pinned per rule; the Online Boutique ones
 * agree with the numbers the README reports from another checker (12 seccomp errors; automount x12, init
 * container cpu/memory x2 each, default ServiceAccount x1, missing probes x1 each; every object schema-valid),
 * plus the unbounded emptyDir of redis-cart (`unset-emptydir-size-limit`, a rule the other checker lacks) and its
 * moving tag `redis:alpine` (`image-not-pinned` counts tags without a version number, as the constructs do).
 */
import * as fs from 'fs';
import * as path from 'path';
import { validatePaths, type Finding } from '../../src/validate';

const EXTERNAL = path.resolve(__dirname, '../../../shared/external');
const present = fs.existsSync(EXTERNAL);
// A fresh clone may not have shared/ beside it: then the suite is skipped under a name that says so.
const suite = present ? describe : describe.skip;
const title = present
  ? 'external manifests (../shared/external)'
  : 'external manifests: SKIPPED, ../shared/external not found';

function countByRule(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

suite(title, () => {
  it('Online Boutique: 35 schema-valid objects, 12 errors (seccomp) and 21 warnings', () => {
    // GIVEN the release manifests WHEN validated
    const result = validatePaths([path.join(EXTERNAL, 'online-boutique-kubernetes-manifests.yaml')]);
    // THEN the counts per rule are the reference ones
    expect(result.objects).toBe(35);
    expect(countByRule(result.findings)).toEqual({
      'automount-service-account-token': 12,
      'default-service-account': 1,
      'image-not-pinned': 1,
      'no-liveness-probe': 1,
      'no-readiness-probe': 1,
      'pss-seccomp': 12,
      'unset-cpu-requirements': 2,
      'unset-emptydir-size-limit': 1,
      'unset-memory-requirements': 2,
    });
  });

  it('Delinkcious: removed APIs, a broken Ingress file, a dangling NetworkPolicy and unhardened pods', () => {
    // GIVEN the book's 28 hand-written manifest files WHEN validated
    const result = validatePaths([path.join(EXTERNAL, 'delinkcious')]);
    // THEN 48 objects parse (the Ingress file is not valid YAML) and the counts per rule are pinned
    expect([result.objects, result.files.length]).toEqual([48, 28]);
    expect(countByRule(result.findings)).toEqual({
      'api-not-served': 10,
      'automount-service-account-token': 10,
      'dangling-network-policy-selector': 2,
      'default-service-account': 8,
      'env-literal-credential': 3,
      'no-liveness-probe': 12,
      'no-read-only-root-fs': 12,
      'no-readiness-probe': 12,
      'pss-capabilities': 12,
      'pss-host-path-volumes': 1,
      'pss-privilege-escalation': 12,
      'pss-run-as-non-root': 12,
      'pss-seccomp': 12,
      'secret-data-in-manifest': 3,
      'unknown-kind': 1,
      'unset-cpu-requirements': 21,
      'unset-memory-requirements': 22,
      'yaml-syntax': 1,
    });
  });

  it('Delinkcious: names the file and line of the findings that need a human', () => {
    // GIVEN the same manifests WHEN validated
    const result = validatePaths([path.join(EXTERNAL, 'delinkcious')]);
    const pick = (rule: string): string[] =>
      result.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => `${path.basename(f.file ?? '')}:${f.line} ${f.message}`);
    // THEN the typo'd NetworkPolicy selectors and the invalid Ingress YAML are pointed at exactly
    expect(pick('dangling-network-policy-selector')).toEqual([
      'svc_social_graph_service_k8s_network_policy.yaml:7 NetworkPolicy selector svc=social-graph, app=db matches no pod template in namespace default',
      'svc_social_graph_service_k8s_network_policy.yaml:27 NetworkPolicy selector svc=social-graph, app=manager matches no pod template in namespace default',
    ]);
    expect(pick('yaml-syntax')).toEqual([
      'svc_shared_k8s_ingress.yaml:11 All sequence items must start at the same column',
    ]);
  });
});
