/** Names of Python deepreplay's HDF5 layout, shared by the reader and the writer. */

export const ATTR = {
  samples: "samples",
  batchSize: "batch_size",
  nBatches: "n_batches",
  nEpochs: "n_epochs",
  nLayers: "n_layers",
  activationFunctions: "activation_functions",
  /** Ours: epochs whose weights are on disk (absent in Python files, which are complete). */
  completedEpochs: "completed_epochs",
  /** Ours: the Keras JSON of the model, so a group is self-contained. */
  modelConfig: "model_config",
  trainingConfig: "training_config",
} as const;

export const DATASET = { inputs: "inputs", targets: "targets", loss: "loss", lr: "lr" } as const;

export const layerGroup = (layer: number): string => `layer${layer}`;
export const weightsDataset = (index: number): string => `weights${index}`;

/** Python's Replay falls back to this group, written when only the initial state was recorded. */
export const initGroup = (group: string): string => `${group}_init`;

/** The Keras model file ReplayData writes beside the replay file. */
export const modelFileName = (group: string): string => `${group}_model.h5`;
