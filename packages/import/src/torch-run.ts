import { lossTargetsClasses } from "@deepreplay/frames";
import { fileError } from "./errors.js";
import type { OpenedRun, OpenOptions, RunReader } from "./run-reader.js";
import { layerWeights, readOnnxArchitecture, readStateDict } from "./torch/index.js";
import type { NamedBytes } from "./types.js";

const TORCH_FILE = /\.(pt|pth|safetensors)$/i;

async function open(first: NamedBytes, { model: modelFile, loss }: OpenOptions): Promise<OpenedRun> {
  if (!modelFile) {
    throw fileError(
      "NO_ARCHITECTURE",
      first.name,
      "is a PyTorch state_dict, which holds weights only.",
      "Name the architecture with --model model.onnx (one torch.onnx.export of the model).",
    );
  }
  if (!loss) {
    throw fileError(
      "NO_LOSS",
      first.name,
      "names no loss: PyTorch files do not say how the model was trained.",
      "Pass --loss binary_crossentropy (nn.BCELoss), categorical_crossentropy or sparse_categorical_crossentropy (nn.CrossEntropyLoss), or mean_squared_error (nn.MSELoss); add --from-logits when a classifier ends in logits.",
    );
  }
  const architecture = readOnnxArchitecture(modelFile);
  // A classifier is scored by accuracy (Keras' "accuracy" picks binary or categorical by the output); a regression by its loss alone.
  const metrics = lossTargetsClasses(loss) ? ["accuracy"] : [];
  return {
    model: { ...architecture.model, loss, metrics },
    fromLogits: false,
    read: async (file) => layerWeights(architecture, readStateDict(file), file.name),
  };
}

/** PyTorch state_dicts (`torch.save(model.state_dict(), …)`, `.safetensors`) with an ONNX architecture. */
export const torchRun: RunReader = { claims: (file) => TORCH_FILE.test(file.name), open };
