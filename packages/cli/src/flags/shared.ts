import { Option, type Command } from "commander";
import type { EpochRange, ProjectionMethod } from "@deepreplay/core";
import { epochRange, integer, limits, nameList } from "./values.js";

/** The original's build_* arguments, as flags shared by plot, animate and data. */
export interface ReplayFlags {
  group?: string;
  model?: string;
  layer?: string;
  contourPoints?: number;
  xlim?: [number, number];
  ylim?: [number, number];
  scaleFixed: boolean;
  displayGrid: boolean;
  metric?: string;
  includeInputs: boolean;
  excludeOutputs: boolean;
  layers?: string[];
  projection?: ProjectionMethod;
  landscapePoints?: number;
  landscapeScale?: "linear" | "log";
}

/** What every command reads from the root: --quiet, --debug. */
export interface GlobalFlags {
  quiet: boolean;
  debug: boolean;
}

export function addReplayFlags(command: Command): Command {
  return command
    .option("-g, --group <name>", "group of the recording (default: the only one in the file)")
    .option("--model <path>", "Keras model file of a Python recording (default: <group>_model.h5 beside FILE)")
    .option(
      "-l, --layer <name>",
      "layer whose output is the feature space (default: the last hidden 2-unit layer, else the last hidden layer, projected)",
    )
    .addOption(
      new Option(
        "--projection <method>",
        "feature space of a layer: pca = its outputs on their two principal components (default for more than 2 units), none = its 2 units as they are",
      ).choices(["pca", "none"]),
    )
    .option(
      "--contour-points <n>",
      "sample the decision regions on an n×n contour grid, as the original (pictures: default exact regions; data: default 100)",
      integer(2),
    )
    .option("--xlim <min,max>", "x extent of the grid", limits)
    .option("--ylim <min,max>", "y extent of the grid", limits)
    .option("--no-scale-fixed", "let the feature space axes follow each epoch instead of the whole range")
    .option("--no-display-grid", "hide the grid lines")
    .option("--metric <name>", "metric beside the loss (default: the first recorded metric)")
    .option("--no-include-inputs", "activations, z-values: leave out the inputs")
    .option("--no-exclude-outputs", "layer violins: keep the output layer")
    .option("--layers <names>", "layer violins: only these layers (comma-separated, repeatable)", nameList)
    .option("--landscape-points <K>", "loss landscape: grid points per axis (default 31)", integer(2))
    .addOption(
      new Option("--landscape-scale <scale>", "loss landscape: colour scale of the loss")
        .choices(["linear", "log"])
        .default("linear"),
    );
}

export function addEpochsFlag(command: Command): Command {
  return command.option("--epochs <A..B>", "epochs to replay, inclusive (default: all)", epochRange);
}

export type EpochsFlag = { epochs?: EpochRange };

export function addSizeFlags(command: Command): Command {
  return command
    .option("--title <text>", "figure title (several kinds) or panel title (one kind)")
    .addOption(new Option("--width <px>", "output width in pixels").argParser(integer(16)))
    .addOption(new Option("--height <px>", "output height in pixels").argParser(integer(16)));
}

export type SizeFlags = { title?: string; width?: number; height?: number };
