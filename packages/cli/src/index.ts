/**
 * @deepreplay/cli: the `deepreplay` command (demo, inspect, plot, animate, data), and the pieces it
 * is made of for programs that want the same behaviour: run it in-process, add an output format,
 * train the Part 1 model of the demo.
 */
export { run } from "./run.js";
export { createProgram, type CliIO, type CommandContext } from "./program.js";
export { createProgress, type Progress, type ProgressBar } from "./progress.js";
export { EXIT_FAILURE, EXIT_USAGE, UsageError } from "./errors.js";
export { KINDS, parseKind, type Kind } from "./kinds.js";
export { registerOutputFormat, outputFormat, outputFormats, writeOutput, type Drawable, type OutputFormat, type OutputJob, type Written } from "./output.js";
export { ACTIVATIONS, part1Model, trainPart1, SEED, type Part1Activation, type TrainPart1Options } from "./demo/part1.js";
