/**
 * The pipeline behind `shipshape synth` (app contract, synthesis, validation gate, atomic output),
 * for apps and tools that drive it in-process. `import { defineApp } from 'shipshape/synth'`.
 * @packageDocumentation
 * @module shipshape/synth
 */
// The files, in pipeline order: contract.ts (what an app file exports) → synthesize.ts (build the Systems,
// then per System: gitops/settings.ts, gitops/sync-waves.ts, files.ts rendering through render/, then
// gitops/application.ts) → helm/ (a chart per System) → gate.ts (validate, then output.ts) → write.ts (atomic).
// run.ts drives them for the CLI; graph.ts and peer-copies.ts serve beside them.
export { checkApp, defineApp, type ChartMetadata, type ShipshapeApp } from './contract';
export {
  applyGitOps,
  synthesizeApp,
  type GitOpsOutput,
  type ResolvedChart,
  type SynthesizedSystem,
  type SynthesizeOptions,
} from './synthesize';
export { checkSinglePeers, peerCopies } from './peer-copies';
export { applicationFile, ARGOCD_DIR, argoApplication } from './gitops/application';
export type {
  GitOpsAutomatedSync,
  GitOpsDestination,
  GitOpsOptions,
  GitOpsRetry,
  GitOpsRetryBackoff,
  GitOpsSource,
  ResolvedGitOps,
} from './gitops/options';
export { resolveGitOps } from './gitops/settings';
export { topology, withTopology, TOPOLOGY_END, TOPOLOGY_START } from './graph';
export { contentVersion, renderChart, type RenderedChart } from './helm/chart';
export { renderOutput, toYaml, type OutputTree } from './output';
export { validateSystem, writeSystems, type WriteResult } from './gate';
export { AppLoadError, loadAppFile, runSynth, type RunSynthOptions, type SynthIo } from './run';
export {
  declaredSecrets,
  NAMESPACE_FILE,
  synthesizeFiles,
  SYSTEM_FILE,
  type DeclaredSecret,
  type KubeObject,
  type SynthesizedFile,
} from './files';
export { addSyncWaves, SYNC_WAVE_ANNOTATION, SYNC_WAVES, syncWaveOf } from './gitops/sync-waves';
export { OutputWriteError, writeTreeAtomically } from './write';
