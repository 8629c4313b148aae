/**
 * Change impact for review: two outputs of `shipshape synth` compared per environment (objects, rolls, network
 * edges, exposure, identity and privilege, Helm chart), and the report as Markdown, text or JSON. What
 * `shipshape diff` prints; `--format json` is {@link DiffReport}. `import { diffOutputs } from 'shipshape/diff'`.
 * @packageDocumentation
 * @module shipshape/diff
 */
// The files, in the order a diff runs: tree.ts (an output's environments) → compare.ts, which runs one analysis
// per concern on the two object sets: objects.ts (fields.ts), rolls.ts (workloads.ts, references.ts), edges.ts
// (src/analyze), exposure.ts, privilege.ts (rbac.ts), chart.ts → report.ts (the JSON) → outline.ts, format.ts
// → gate.ts (--fail-on). sides.ts and git.ts produce the outputs for the CLI (src/cli/diff.ts).
export { diffEnvironment, diffOutputs, type DiffOptions } from './compare';
export {
  describeEdge,
  EDGE_SOURCES,
  groupEdges,
  NETWORK_POLICY_EDGES,
  MESH_EDGES,
  type EdgeGroup,
  type EdgeSource,
  type SourceFlows,
} from './edges';
export {
  DIFF_FORMATS,
  formatJson,
  formatMarkdown,
  formatReport,
  formatText,
  MARKDOWN_MARKER,
  type DiffFormat,
} from './format';
export { FAIL_ON, trippedBy, type FailOn } from './gate';
export {
  environmentsOf,
  isSelected,
  OutputReadError,
  readOutputDir,
  type ChartFiles,
  type EnvironmentOutput,
  type Tree,
} from './tree';
export {
  DIFF_SCHEMA_VERSION,
  type ChartDiff,
  type DiffReport,
  type DiffSummary,
  type Edge,
  type EdgesDiff,
  type EnvironmentDiff,
  type ExposureChange,
  type ExposureKind,
  type FieldChange,
  type ObjectChange,
  type ObjectRef,
  type ObjectsDiff,
  type PrivilegeChange,
  type PrivilegeKind,
  type Risk,
  type Roll,
  type RollCause,
  type RollMode,
  type RollReason,
  type Scalar,
  type SideInfo,
  type StaleReader,
  type SteadyChange,
  type ValueChange,
} from './report';
