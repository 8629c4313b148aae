#!/usr/bin/env node
// Sample overrides of a synthesized chart's values (any chart shipshape writes), for .ci/crosscheck: every
// replica count and autoscaling bound one higher, every image tag another version, requests raised to the
// limits, every host under a ci- label, every TLS Secret or cert-manager issuer renamed. Prints a values file for `helm template -f`.
// Usage: node .ci/sample-overrides.js <chart>/values.yaml
const fs = require('node:fs');
const yaml = require('js-yaml');

const values = yaml.load(fs.readFileSync(process.argv[2], 'utf8')) ?? {};
const out = {};
for (const [component, v] of Object.entries(values)) {
  const o = {};
  if (v.image && v.image.tag) o.image = { tag: `${v.image.tag}-override.1` };
  if (typeof v.replicas === 'number') o.replicas = v.replicas + 1;
  if (v.autoscaling)
    o.autoscaling = {
      minReplicas: v.autoscaling.minReplicas + 1,
      maxReplicas: v.autoscaling.maxReplicas + 1,
    };
  if (v.resources) o.resources = { requests: { ...v.resources.limits } };
  if (Array.isArray(v.hosts))
    o.hosts = v.hosts.map((h) => (h.startsWith('*.') ? `*.ci-${h.slice(2)}` : `ci-${h}`));
  // An Ingress's TLS names its Secret; a Gateway's names its Secret or its cert-manager issuer.
  if (v.tls) {
    o.tls = {};
    if ('secretName' in v.tls) o.tls.secretName = 'ci-override-tls';
    if ('clusterIssuer' in v.tls) o.tls.clusterIssuer = 'ci-override-issuer';
    if ('issuer' in v.tls) o.tls.issuer = 'ci-override-issuer';
  }
  if (Object.keys(o).length > 0) out[component] = o;
}
process.stdout.write(yaml.dump(out));
