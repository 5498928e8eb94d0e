import { Command } from "commander";
import type { CommandContext } from "../program.js";

export interface InspectFlags {
  group?: string;
  model?: string;
  json: boolean;
}

/** `deepreplay inspect FILE`: groups, epochs, layers, metrics. */
export function inspectCommand(context: CommandContext): Command {
  return new Command("inspect")
    .description(
      "list a replay file's recordings (epochs, layers, metrics), or the layers of a checkpoint or architecture file",
    )
    .argument(
      "<file>",
      "replay file (HDF5) written by deepreplay or @deepreplay/recorder; or a .keras, Keras .h5, .weights.h5, .onnx, .pt, .pth or .safetensors file",
    )
    .option("-g, --group <name>", "only this group")
    .option(
      "--model <path>",
      "Keras model file of a Python recording (default: <group>_model.h5 beside FILE); the architecture of a .weights.h5 (.keras, .h5, model.to_json()) or of a state_dict (.onnx)",
    )
    .option("--json", "print JSON", false)
    .action(async (file: string, flags: InspectFlags) => {
      const { inspect } = await import("../actions/inspect.js");
      await inspect(context, file, flags);
    });
}
