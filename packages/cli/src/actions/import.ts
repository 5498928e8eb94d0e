import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DeepReplayError } from "@deepreplay/frames";
import type { NamedBytes } from "@deepreplay/import";
import { importRun } from "@deepreplay/import/node";
import type { ImportFlags } from "../commands/import.js";
import { usageError } from "../errors.js";
import type { CommandContext } from "../program.js";

function readNamed(path: string): NamedBytes {
  try {
    return { name: path, bytes: readFileSync(path) };
  } catch (error) {
    throw new DeepReplayError(
      "FILE_NOT_FOUND",
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      {
        hint: "Check the path.",
        cause: error,
      },
    );
  }
}

/** A folder stands for the checkpoints in it (hidden files left out); files stand for themselves. */
function checkpointPaths(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    const isFolder = (() => {
      try {
        return statSync(arg).isDirectory();
      } catch {
        return false;
      }
    })();
    if (!isFolder) return [arg];
    return readdirSync(arg)
      .filter((name) => !name.startsWith(".") && statSync(join(arg, name)).isFile())
      .sort()
      .map((name) => join(arg, name));
  });
}

function batchSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--batch-size ${text} is not a positive integer.`);
  return n;
}

export async function importCheckpoints(context: CommandContext, args: string[], flags: ImportFlags): Promise<void> {
  if (!flags.out.endsWith(".h5") && !flags.out.endsWith(".hdf5"))
    throw usageError(`--out ${flags.out} is not an .h5 file.`, "Name the replay file FILE.h5.");
  if (flags.data.length > 2)
    throw usageError(`--data takes one .npz or CSV, or two .npy files; got ${flags.data.length} files.`);
  const paths = checkpointPaths(args);
  const run = await importRun({
    // Read when the import comes to each, one at a time.
    checkpoints: paths.map((path) => ({
      name: path,
      get bytes() {
        return readNamed(path).bytes;
      },
    })),
    data: flags.data.map(readNamed),
    arrays: { ...(flags.x ? { x: flags.x } : {}), ...(flags.y ? { y: flags.y } : {}) },
    ...(flags.history ? { history: readNamed(flags.history) } : {}),
    ...(flags.model ? { model: readNamed(flags.model) } : {}),
    ...(flags.loss ? { loss: flags.loss } : {}),
    ...(flags.metric ? { metric: flags.metric } : {}),
    fromLogits: flags.fromLogits,
    startAtFirst: flags.startAtFirst,
    ...(flags.batchSize ? { batchSize: batchSize(flags.batchSize) } : {}),
    out: flags.out,
    group: flags.group,
  });
  const epochs =
    run.firstEpoch === 0
      ? `epochs 0..${run.epochs}`
      : `training epochs ${run.firstEpoch}..${run.firstEpoch + run.epochs} as 0..${run.epochs}`;
  const series = run.series.length ? `series ${run.series.join(", ")}` : "no training series (no --history)";
  const last = run.model.layers[run.model.layers.length - 1];
  const logits =
    run.fromLogits && "activation" in last
      ? `; the model ends in logits: layer ${last.name} applies ${last.activation}`
      : "";
  context.report(
    `imported ${paths.length} checkpoints (${epochs}) into ${run.out}, group ${run.group}; ${series}${logits}; Keras model ${run.modelFile}`,
  );
}
