import { Command } from "commander";
import type { CommandContext } from "../program.js";

export interface ImportFlags {
  data: string[];
  x?: string;
  y?: string;
  history?: string;
  model?: string;
  loss?: string;
  fromLogits: boolean;
  metric?: string;
  startAtFirst: boolean;
  batchSize?: string;
  out: string;
  group: string;
}

/** `deepreplay import CHECKPOINTS --data DATA --out FILE.h5 --group NAME`: a Keras 3 or PyTorch run as a recording. */
export function importCommand(context: CommandContext): Command {
  return new Command("import")
    .description("import a run saved by Keras 3 or PyTorch (one checkpoint per epoch) as a recording")
    .argument(
      "<checkpoints...>",
      "a folder of checkpoints, or the files (.keras, .h5, .weights.h5, .pt, .pth, .safetensors); the epoch is the last number of each name",
    )
    .requiredOption(
      "--data <files...>",
      "the training data: an .npz (arrays x and y), two .npy files (inputs, targets) or a CSV",
    )
    .option("--x <name>", "the inputs' array in the .npz (default x)")
    .option("--y <name>", "the targets' array in the .npz (default y)")
    .option("--history <csv>", "the training log: Keras' CSVLogger output or any CSV with epoch and loss columns")
    .option(
      "--model <file>",
      "the architecture: .keras, .h5 or model.to_json() for weights-only Keras checkpoints; .onnx for PyTorch",
    )
    .option(
      "--loss <name>",
      "the loss, when the files name none: binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, mean_squared_error",
    )
    .option(
      "--from-logits",
      "the model ends in logits: probabilities are the sigmoid (one unit) or softmax of its output",
      false,
    )
    .option("--metric <name>", "the metric to record and replay (default: the compiled ones)")
    .option("--start-at-first", "without an epoch 0 checkpoint, start the replay at the first one", false)
    .option("--batch-size <n>", "the batch size trained with (stored in the recording; default all inputs)")
    .requiredOption("--out <file.h5>", "the replay file to write (created, or a group added)")
    .requiredOption("--group <name>", "the group to write")
    .action(async (checkpoints: string[], flags: ImportFlags) => {
      const { importCheckpoints } = await import("../actions/import.js");
      await importCheckpoints(context, checkpoints, flags);
    });
}
