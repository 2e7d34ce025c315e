/**
 * @dfp/benchmarks: the benchmark programs behind `dfp bench` (maze2d Table 1, perf, locomotion). Each
 * benchmark reads top to bottom like a methods section and writes its results under `benchmarks/results/`.
 * A benchmark exports a runner (options in, results out); the CLI (`packages/cli/src/commands/bench.ts`) only
 * parses flags and calls it.
 */
// Shared pieces
export { BenchProgress } from './common/bench-progress';
export type { BenchProgressMode } from './common/bench-progress';
export { machineInfo } from './common/machine-info';
export type { MachineInfo } from './common/machine-info';
export { parseWith, readValidatedJson, writeValidatedJson } from './common/validated-json';
// Maze2D, DF Table 1
export { runMaze2dBench } from './maze2d/run-maze2d-bench';
export type { Maze2dBenchOptions, Maze2dBenchRun } from './maze2d/run-maze2d-bench';
export { tuneMaze2d } from './maze2d/tune';
export { coordinateSearch, coordinateSearchSize, gridSearch, searchedKnobs, tuningGrid } from './maze2d/tuning-search';
export type { Maze2dTuneOptions, Maze2dTuneResult, TunePoint } from './maze2d/tune';
export type { TunedKnobs, TuningGridSpec, TuningSearch } from './maze2d/tuning-search';
export { resolveRunPlan, methodSettingsFor, assertSeedsDisjoint, tuningSeedRange } from './maze2d/run-plan';
export type { Maze2dPlanOptions, Maze2dRunPlan, Maze2dPreset } from './maze2d/run-plan';
export {
  benchMaze2dConfigSchema, loadBenchMaze2dConfig, mergeMethodSettings, DEFAULT_METHOD_SETTINGS, DEFAULT_CHECKPOINT_NAMES, DEFAULT_TUNING,
  BENCH_MAZE2D_CONFIG_FILE,
} from './maze2d/bench-config';
export type {
  BenchMaze2dConfig, BenchPreset, BenchTuningConfig, DfSettings, DiffuserSettings, MppiSettings, MethodSettings, MethodSettingsPatch,
} from './maze2d/bench-config';
export { MAZE2D_COLUMNS, MAZE2D_COLUMN_IDS, maze2dColumn } from './maze2d/columns';
export type { Maze2dColumn, Maze2dColumnId, ModelKind } from './maze2d/columns';
export { PAPER_TABLE1, PAPER_TABLE1_AVERAGES, MAZE2D_BENCH_ENVS, GOAL_MODES, paperScore } from './maze2d/paper-table1';
export type { Maze2dBenchEnvId, GoalMode, PaperColumn, PaperScore } from './maze2d/paper-table1';
export { checkpointRef, hasCheckpoint, loadBenchCheckpoint, trainBenchCheckpoints, CheckpointCache } from './maze2d/checkpoint-store';
export type { CheckpointRef, CheckpointInfo, LoadedCheckpoint, TrainJob, TrainJobResult, TrainModelFn } from './maze2d/checkpoint-store';
export { buildAgent } from './maze2d/build-agent';
export type { AgentInputs, BuiltAgent } from './maze2d/build-agent';
export { runCell } from './maze2d/run-cell';
export type { RunCellOptions, CellOutcome, CellSummary, EpisodeRecord, EpisodeTrace } from './maze2d/run-cell';
export { RecordingEnv, RecordingAgent, BenchInterruptedError } from './maze2d/recording';
export type { RecordedPlan } from './maze2d/recording';
export { maze2dResultsSchema, cellResultSchema, episodeRecordSchema, writeMaze2dResults, readMaze2dResults } from './maze2d/results-schema';
export type { Maze2dResults, Maze2dCellResult } from './maze2d/results-schema';
export { maze2dMarkdown, summaryTable, detailTable, resultsHeader, formatScore, taskLabel, atGoalAfterFirstReach } from './maze2d/markdown-table';
export { episodeFigureSvg, writeCellFigures, figureFileName } from './maze2d/figures';
export { README_BENCH_MARKERS, replaceBetweenMarkers, renderReadmeSection, updateReadmeBenchSection, readmeFigure } from './maze2d/readme-section';
// Locomotion, planning with rewards
export { runLocomotionBench } from './locomotion/run-locomotion-bench';
export type { LocomotionBenchOptions, LocomotionBenchRun } from './locomotion/run-locomotion-bench';
export { resolveLocomotionPlan, locomotionSettingsFor } from './locomotion/run-plan';
export type { LocomotionPlanOptions, LocomotionRunPlan, LocomotionPreset } from './locomotion/run-plan';
export {
  benchLocomotionConfigSchema, loadBenchLocomotionConfig, mergeLocomotionSettings, defaultMethodSettings, DEFAULT_DF_SETTINGS, LOCOMOTION_BENCH_DEFAULTS,
  BENCH_LOCOMOTION_CONFIG_FILE,
} from './locomotion/bench-config';
export type {
  BenchLocomotionConfig, LocomotionBenchPreset, LocomotionDfSettings, LocomotionMppiSettings, LocomotionMethodSettings, LocomotionSettingsPatch, PlanningShaping,
} from './locomotion/bench-config';
export { LOCOMOTION_BENCH_ENVS, taskName, resolveBenchEnv } from './locomotion/bench-envs';
export type { LocomotionBenchEnvId } from './locomotion/bench-envs';
export { LOCOMOTION_COLUMNS, LOCOMOTION_COLUMN_IDS, locomotionColumn } from './locomotion/columns';
export type { LocomotionColumn, LocomotionColumnId } from './locomotion/columns';
export { completeEpisodes } from './locomotion/behaviour-episodes';
export type { BehaviourEpisode, CompleteEpisodesOptions, EpisodeArrays } from './locomotion/behaviour-episodes';
export { trainingTrajectories } from './locomotion/training-trajectories';
export type { TransitionArrays } from './locomotion/training-trajectories';
export { datasetRef, loadOrGenerateDataset } from './locomotion/dataset-store';
export type { LocomotionDatasetRef, LoadOrGenerateOptions } from './locomotion/dataset-store';
export { locomotionCheckpointRef, loadLocomotionTrainConfig, trainingDatasetRef, loadLocomotionCheckpoint } from './locomotion/locomotion-checkpoints';
export { trainLocomotionCheckpoint } from './locomotion/train-checkpoint';
export type { TrainLocomotionOptions } from './locomotion/train-checkpoint';
export { TrueSimulatorMppi } from './locomotion/true-simulator-mppi';
export { buildLocomotionAgent } from './locomotion/build-agent';
export type { LocomotionAgentInputs, BuiltLocomotionAgent } from './locomotion/build-agent';
export { EvaluationEnv } from './locomotion/evaluation-env';
export { runPlanningCell, behaviourRecords, summarize, meanAndStderr } from './locomotion/run-cell';
export type { PlanningCellOptions, LocomotionEpisodeRecord, LocomotionCellSummary } from './locomotion/run-cell';
export { locomotionResultsSchema, locomotionCellSchema, locomotionEpisodeSchema, writeLocomotionResults, readLocomotionResults } from './locomotion/results-schema';
export type { LocomotionResults, LocomotionCellResult } from './locomotion/results-schema';
export { locomotionMarkdown, locomotionSummaryTable, locomotionDetailTable, locomotionResultsHeader, locomotionNotes, locomotionTaskLabel } from './locomotion/markdown-table';
// Performance (issues 3 and 4): training step and guided replan vs PyTorch
export { runPerfBench, PERF_GOALS } from './perf/run-perf-bench';
export type { PerfBenchOptions, PerfBenchRun } from './perf/run-perf-bench';
export { perfPlan, PERF_LAYOUT, PERF_RNN, PERF_TRANSFORMER } from './perf/perf-config';
export type { PerfPlan, PerfPlanOptions, PerfConfigId, TrainStepSpec, ReplanSpec } from './perf/perf-config';
export { measureTrainStep, openTrainStep, randomTrainingBatch } from './perf/train-step-bench';
export type { TrainStepResult, TrainStepSession } from './perf/train-step-bench';
export { measurePairedRounds } from './perf/paired-train-step';
export type { PairedRounds, PairedRoundsOptions } from './perf/paired-train-step';
export { measureReplan } from './perf/replan-bench';
export type { ReplanResult } from './perf/replan-bench';
export { runTorchReference, torchTasks, TORCH_INSTALL_HINT, TORCH_SCRIPT } from './perf/torch-reference';
export type { TorchReference, TorchOutput } from './perf/torch-reference';
export { perfResultsSchema, writePerfResults, readPerfResults } from './perf/perf-results';
export type { PerfResults, PerfRatio } from './perf/perf-results';
export { perfMarkdown, trainTable, pairedTable, replanTable, perfHeader } from './perf/perf-markdown';
