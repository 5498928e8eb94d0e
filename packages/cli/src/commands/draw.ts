import { Command, InvalidArgumentError, Option } from "commander";
import { isDeepReplayError, parseLayout } from "@deepreplay/frames";
import {
  addEpochsFlag,
  addReplayFlags,
  addSizeFlags,
  type EpochsFlag,
  type ReplayFlags,
  type SizeFlags,
} from "../flags/shared.js";
import { integer, positiveNumber } from "../flags/values.js";
import { checkOutputPath, outputFormat, outputFormats } from "../output.js";
import type { CommandContext } from "../program.js";
import { KINDS, parseKind, type Kind } from "../replay/kind-names.js";

export type DrawFlags = ReplayFlags &
  SizeFlags &
  EpochsFlag & { out: string; epoch?: number; fps?: number; layout?: string; columns?: number };

/** A --layout checked before any file is read; the figure checks it again against the panels it draws. */
function mosaic(value: string): string {
  try {
    parseLayout(value);
  } catch (error) {
    throw new InvalidArgumentError(isDeepReplayError(error) ? error.message : String(error));
  }
  return value;
}

/**
 * `deepreplay plot FILE KIND... --epoch N --out PATH.svg|png` and
 * `deepreplay animate FILE KIND... --epochs A..B --fps N --out PATH.gif|mp4|html`: one definition,
 * as they share everything but the epochs they take and the outputs they write.
 */
function drawCommand(context: CommandContext, name: "plot" | "animate"): Command {
  const animated = name === "animate";
  const command = new Command(name)
    .description(animated ? "animate visualisations over a range of epochs" : "draw visualisations at one epoch")
    .argument("<file>", "replay file (HDF5)")
    .argument("<kinds...>", `${KINDS.join(", ")}; several compose one figure`)
    .requiredOption("-o, --out <path>", `output file: ${outputFormats({ animated }).join(", ")}`);
  if (animated) addEpochsFlag(command).option("--fps <n>", "frames per second (default 5)", positiveNumber);
  else command.option("-e, --epoch <n>", "epoch to draw (default: the last; 0 = initial weights)", integer(0));
  addSizeFlags(command)
    .option(
      "--layout <mosaic>",
      'where the panels of a figure go: a letter per cell, panels a, b, c… in drawing order, "." an empty cell, rows split by ";" (e.g. "aabd;aace")',
      mosaic,
    )
    .addOption(
      new Option("--columns <n>", "panels per row when several kinds compose a figure, row by row")
        .argParser(integer(1))
        .conflicts("layout"),
    );
  addReplayFlags(command);
  return command.action(async (file: string, kindNames: string[], flags: DrawFlags) => {
    // Usage errors come before any file is read.
    const kinds: Kind[] = kindNames.map(parseKind);
    const format = outputFormat(flags.out, { animated });
    checkOutputPath(flags.out);
    // An animation's rendering threads start up while this thread loads the replay's code and opens the recording.
    const renderingThreads = await format.startThreads?.();
    try {
      const { draw } = await import("../actions/draw.js");
      await draw(context, file, kinds, flags, { animated, renderingThreads });
    } finally {
      await renderingThreads?.close();
    }
  });
}

export const plotCommand = (context: CommandContext): Command => drawCommand(context, "plot");
export const animateCommand = (context: CommandContext): Command => drawCommand(context, "animate");
