import { fileError } from "../errors.js";
import type { OpenedRun, OpenOptions, RunReader } from "../run-reader.js";
import type { NamedBytes } from "../types.js";
import { readKerasArchitecture, readKerasCheckpoint, type KerasArchitecture } from "./read.js";

const KERAS_FILE = /\.(keras|h5|hdf5)$/i;

async function open(first: NamedBytes, { model: modelFile, loss }: OpenOptions): Promise<OpenedRun> {
  const given = modelFile ? await readKerasArchitecture(modelFile) : undefined;
  // Checkpoints with an architecture of their own must all hold the first one's.
  const architecture: KerasArchitecture = given ?? (await readKerasCheckpoint(first)).architecture;
  const training = architecture.training;
  const lossName = loss ?? training?.loss;
  if (!lossName) {
    throw fileError(
      "NO_LOSS",
      architecture.source,
      "names no loss (the model was saved uncompiled, or its file holds the architecture only).",
      "Name the loss the model was trained with: --loss binary_crossentropy (or categorical_crossentropy, sparse_categorical_crossentropy, mean_squared_error).",
    );
  }
  return {
    model: {
      inputShape: architecture.inputShape,
      layers: architecture.layers.map((layer) => layer.spec),
      loss: lossName,
      metrics: training?.metrics ?? [],
      ...(training?.optimizer ? { optimizer: training.optimizer } : {}),
    },
    fromLogits: architecture.fromLogits,
    read: async (file) => (await readKerasCheckpoint(file, architecture)).weights,
  };
}

/** Keras checkpoints: `.keras`, `.h5` (model.save / ModelCheckpoint) and `.weights.h5` (save_weights). */
export const kerasRun: RunReader = { claims: (file) => KERAS_FILE.test(file.name), open };
