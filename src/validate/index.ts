/**
 * The validator: Kubernetes 1.27 schemas, Pod Security "restricted", references and best practices,
 * on any manifests. `import { validateObjects } from 'shipshape/validate'`.
 * @packageDocumentation
 * @module shipshape/validate
 */
export type { Finding, ManifestDocument, ObjectRef, RuleId, Severity, ValidateOptions } from './types';
export { RULES, RULE_IDS, isRuleId, type RuleInfo, type RuleCategory } from './rules';
export { validateObjects } from './validate';
export { loadManifests, ManifestLoadError } from './load';
export { validatePaths, type PathsResult } from './validate-paths';
export { formatFinding, formatJson, formatSummary, formatText, summarize, type Summary } from './report';
export { OPT_OUT_PREFIX, optOutAnnotation } from './opt-out';
export { parseQuantity } from './quantity';
