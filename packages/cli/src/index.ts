/**
 * @deepreplay/cli: the `deepreplay` command (demo, inspect, plot, animate, data), and the pieces it
 * is made of for programs that want the same behaviour: run it in-process, add an output format.
 * (The Part 1 model of the demo is trained by @deepreplay/datasets/part1.)
 */
export { run } from "./run.js";
export { createProgram, type CliIO, type CommandContext } from "./program.js";
export { createProgress, type Progress, type ProgressBar } from "./progress.js";
export { EXIT_FAILURE, EXIT_USAGE, UsageError } from "./errors.js";
export { KINDS, parseKind, type Kind } from "./replay/kind-names.js";
export {
  registerOutputFormat,
  outputFormat,
  outputFormats,
  writeOutput,
  type Drawable,
  type OutputFormat,
  type OutputJob,
  type Written,
} from "./output.js";
