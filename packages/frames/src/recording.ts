import type { NdArray } from "./arrays.js";

/** Keras activation names the replay understands (Python deepreplay's `activation_functions`). */
export type ActivationName =
  | "linear"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "elu"
  | "selu"
  | "softplus"
  | "softsign"
  | "hard_sigmoid"
  | "softmax"
  | "leaky_relu";

/** One layer of a recorded model, in the order of Keras' `model.layers`. */
export type LayerSpec =
  | { kind: "InputLayer"; name: string; inputShape: number[] }
  | { kind: "Dense"; name: string; units: number; activation: ActivationName; useBias: boolean; alpha?: number }
  | { kind: "Activation"; name: string; activation: ActivationName; alpha?: number }
  | { kind: "Dropout"; name: string; rate: number }
  | { kind: "BatchNormalization"; name: string; epsilon: number; center: boolean; scale: boolean }
  | { kind: "Flatten"; name: string };

export type LayerKind = LayerSpec["kind"];

/** The architecture and training setup of a recorded model: enough to replay it, nothing executable. */
export interface ModelDescription {
  /** Input shape without the batch axis, e.g. [2]. */
  inputShape: number[];
  layers: LayerSpec[];
  /** Keras loss name: "binary_crossentropy", "categorical_crossentropy", ... */
  loss: string;
  /** Metric names as recorded ("acc", "accuracy", ...). */
  metrics: string[];
  optimizer?: { name: string; learningRate?: number; [key: string]: unknown };
}

/** The group attributes of Python deepreplay's layout, plus what this project adds. */
export interface RecordingInfo {
  /** The HDF5 group (or memory key) the recording lives in. */
  group: string;
  samples: number;
  batchSize: number;
  nBatches: number;
  /** Epochs the recording was set up for (0 for an init-only recording). */
  nEpochs: number;
  /** Epochs whose weights are complete on storage; less than nEpochs when training stopped early. */
  completedEpochs: number;
  nLayers: number;
  activationFunctions: string[];
  /** Per-epoch series stored beside the weights: "loss", each metric, "lr". */
  series: string[];
  model: ModelDescription;
}

/**
 * What a replay reads: a recording, lazily. The recorder's HDF5 reader and memory store both
 * implement it; core consumes it and never knows which.
 * Epoch 0 holds the initial weights, epoch k the weights after k epochs.
 */
export interface RecordingSource {
  readonly info: RecordingInfo;
  inputs(): NdArray;
  targets(): NdArray;
  /** Weights of every layer (index as in `model.layers`; a layer without weights has []) at one epoch. */
  weights(epoch: number): NdArray[][];
  /** A per-epoch series ("loss", a metric, "lr"), entry k-1 for epoch k. */
  series(name: string): Float32Array;
  close?(): void;
}
