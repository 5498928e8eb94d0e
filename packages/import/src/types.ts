import type { ModelDescription, NdArray } from "@deepreplay/frames";

/** The named tensors of one checkpoint, in the order the file stores them. */
export type TensorMap = ReadonlyMap<string, NdArray>;

/** Where one weight array of a layer comes from in a checkpoint. */
export interface WeightSource {
  /** The tensor's name in the checkpoint (a state_dict key, an HDF5 path, ...). */
  readonly name: string;
  /** True for PyTorch's [out, in] Linear weights, which are the transpose of a Keras kernel. */
  readonly transpose?: boolean;
  /**
   * The name is the architecture file's, not the checkpoint's (the legacy ONNX exporter's
   * `onnx::MatMul_12`): the tensor is the next one in checkpoint order, not claimed by a named
   * source, whose shape fits.
   */
  readonly byPosition?: boolean;
}

/**
 * An architecture read from a file (a Keras config, an ONNX graph), as our model description,
 * and where each layer's weights are found in a checkpoint of it.
 */
export interface Architecture {
  readonly model: ModelDescription;
  /** One entry per layer of `model.layers`: its weight arrays in Keras' order ([] for none). */
  readonly weights: readonly (readonly WeightSource[])[];
}

/** A file handed to an importer: its name (for the epoch and the messages) and its bytes. */
export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Training data: inputs (samples × features) and targets (labels, one-hot rows or a column). */
export interface Dataset {
  readonly x: NdArray;
  readonly y: NdArray;
}

/** A per-epoch training log (Keras CSVLogger or any CSV with `epoch` and `loss`). */
export interface History {
  /** The CSV's epoch column as written (Keras and most loops count from 0: row e is after epoch e + 1). */
  readonly epochs: readonly number[];
  /** Each other column, one value per row; NaN where the cell was empty or `NA`. */
  readonly series: ReadonlyMap<string, Float64Array>;
}
