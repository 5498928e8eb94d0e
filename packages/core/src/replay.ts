import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import {
  DeepReplayError,
  lossTargetsClasses,
  outputWidths,
  type ModelDescription,
  type NdArray,
  type RecordingInfo,
  type RecordingSource,
} from "@deepreplay/frames";
import { initBackend, type BackendOptions } from "./backend.js";
import { Network } from "./engine/forward.js";
import { float32 } from "./engine/read.js";
import { targetTensor } from "./engine/losses.js";
import { classCount, classIndices } from "./targets.js";

/** An inclusive range of epochs; epoch 0 holds the initial weights. */
export interface EpochRange {
  /** First epoch (default 0). */
  epochStart?: number;
  /** Last epoch, inclusive (default, or -1: the last recorded epoch). */
  epochEnd?: number;
}

/**
 * A recording opened for replay: its model, inputs and targets, and the weights of any epoch as a
 * network on tfjs-core. Each computation reads one epoch at a time.
 */
export class Replay {
  readonly source: RecordingSource;
  readonly info: RecordingInfo;
  readonly model: ModelDescription;
  readonly inputs: NdArray;
  readonly targets: NdArray;
  /** False for a run trained with a regression loss (mean_squared_error): its targets are values, not classes. */
  readonly classifies: boolean;
  /** Output width of each layer. */
  readonly widths: readonly number[];
  readonly outputUnits: number;
  readonly #classes: { indices: Int32Array; names: readonly string[] } | undefined;

  constructor(source: RecordingSource) {
    this.source = source;
    this.info = source.info;
    this.model = source.info.model;
    this.inputs = source.inputs();
    this.targets = source.targets();
    checkData(this.inputs, this.targets, this.model.inputShape);
    this.classifies = lossTargetsClasses(this.model.loss);
    this.widths = outputWidths(this.model.inputShape, this.model.layers);
    this.outputUnits = this.widths[this.widths.length - 1];
    if (this.classifies) {
      const indices = classIndices(this.targets);
      checkClasses(indices, Math.max(2, this.outputUnits));
      const n = classCount(this.outputUnits, indices);
      this.#classes = { indices, names: Array.from({ length: n }, (_, i) => String(i)) };
    } else {
      checkValueTargets(this.targets, this.outputUnits);
    }
  }

  /** Class index of each input (argmax of one-hot targets, else the label); a regression run refuses. */
  get targetClasses(): Int32Array {
    return this.#classesOfTargets().indices;
  }

  /** The names of the classes ("0", "1", ...); a regression run refuses. */
  get classNames(): readonly string[] {
    return this.#classesOfTargets().names;
  }

  /** Refuses a regression run (NOT_A_CLASSIFIER) for a view or export that is about classes. */
  requireClassifier(): void {
    this.#classesOfTargets();
  }

  #classesOfTargets(): { indices: Int32Array; names: readonly string[] } {
    if (this.#classes) return this.#classes;
    throw new DeepReplayError(
      "NOT_A_CLASSIFIER",
      `The run was trained with ${this.model.loss}, a regression loss: its targets are values, not classes, so the feature space, decision boundary and probability histogram have none to draw.`,
      {
        hint: "For a regression run, replay the loss histogram, loss and metric, the weights, activations or gradients violins, or the loss landscape.",
      },
    );
  }

  /** Number of inputs. */
  get samples(): number {
    return this.inputs.shape[0];
  }

  /** The last epoch whose weights are stored (epochs run 0..lastEpoch). */
  get lastEpoch(): number {
    return this.info.completedEpochs;
  }

  /** Features per input (flattened). */
  get inputDims(): number {
    return this.model.inputShape.reduce((a, b) => a * b, 1);
  }

  layerNames(): string[] {
    return this.model.layers.map((layer) => layer.name);
  }

  /** The epochs of a range, checked against the recording. */
  epochs({ epochStart = 0, epochEnd = -1 }: EpochRange = {}): number[] {
    const end = epochEnd === -1 ? this.lastEpoch : epochEnd;
    const valid = (e: number): boolean => Number.isInteger(e) && e >= 0 && e <= this.lastEpoch;
    if (!valid(epochStart) || !valid(end) || epochStart > end) {
      throw new DeepReplayError("EPOCH_OUT_OF_RANGE", `Epochs ${epochStart}..${epochEnd} are outside the recording.`, {
        hint: `Valid epochs are 0..${this.lastEpoch} (0 = initial weights), with epochStart <= epochEnd; -1 as epochEnd means the last.`,
      });
    }
    return Array.from({ length: end - epochStart + 1 }, (_, i) => epochStart + i);
  }

  /** Index of a layer by name, or a typed error listing the layers. */
  layerIndex(name: string): number {
    const index = this.model.layers.findIndex((layer) => layer.name === name);
    if (index < 0) {
      throw new DeepReplayError("UNKNOWN_LAYER", `The model has no layer named "${name}".`, {
        hint: `Its layers are: ${this.layerNames().join(", ")}.`,
      });
    }
    return index;
  }

  /** The network with one epoch's weights; dispose it when done. */
  network(epoch: number): Network {
    this.epochs({ epochStart: epoch, epochEnd: epoch });
    return new Network(this.model, this.source.weights(epoch), epoch);
  }

  /** The inputs as a [samples, ...inputShape] tensor; the caller disposes it. */
  inputTensor(): Tensor {
    return tf.tensor(float32(this.inputs.data), [...this.inputs.shape], "float32");
  }

  /** The targets shaped like the model's output (labels of several classes one-hot); the caller disposes it. */
  targetTensor(): Tensor2D {
    return targetTensor(this.#classes?.indices, this.targets.data, this.outputUnits);
  }

  /** Training loss as recorded at the end of each epoch (entry k-1 for epoch k). */
  trainingLoss(): Float32Array {
    return this.trainingMetric("loss");
  }

  /** Learning rate per epoch, as recorded. */
  learningRate(): Float32Array {
    return this.trainingMetric("lr");
  }

  /** A recorded per-epoch series; zeros when the recording does not have it, as the original. */
  trainingMetric(name: string): Float32Array {
    return this.info.series.includes(name) ? this.source.series(name) : new Float32Array(this.info.nEpochs);
  }

  close(): void {
    this.source.close?.();
  }
}

/** Inputs must have the model's input shape, and one target row each. */
function checkData(inputs: NdArray, targets: NdArray, inputShape: readonly number[]): void {
  const [rows, ...features] = inputs.shape;
  const mismatch =
    features.join() !== inputShape.join()
      ? `The inputs have shape [${inputs.shape.join(", ")}], the model takes [${inputShape.join(", ")}] per input.`
      : targets.shape[0] !== rows
        ? `There are ${rows} inputs but ${targets.shape[0] ?? 0} targets.`
        : undefined;
  if (mismatch) {
    throw new DeepReplayError("DATA_MISMATCH", mismatch, {
      hint: "The recording's inputs and targets do not fit its model: check that they come from the same training run.",
    });
  }
}

/**
 * Targets must name classes the model can output: a corrupt label (say 1e9) would otherwise make
 * every per-class structure that large.
 */
function checkClasses(classes: Int32Array, count: number): void {
  const row = classes.findIndex((c) => c < 0 || c >= count);
  if (row >= 0) {
    throw new DeepReplayError(
      "INVALID_TARGETS",
      `Target row ${row} is class ${classes[row]}, but the model separates ${count} classes (0..${count - 1}).`,
      {
        hint: "The recording's targets do not fit its model: check that they come from the same training run.",
      },
    );
  }
}

/** A regression's targets are one value per output unit and input. */
function checkValueTargets(targets: NdArray, units: number): void {
  const width = targets.shape.slice(1).reduce((a, b) => a * b, 1);
  if (width !== units) {
    throw new DeepReplayError(
      "DATA_MISMATCH",
      `The targets have ${width} values per input, the model outputs ${units}.`,
      {
        hint: "A regression's targets hold one value per output unit: check that they come from the same training run.",
      },
    );
  }
}

/** Starts the tfjs backend (WASM, or CPU with a warning) and opens a recording for replay. */
export async function openReplay(source: RecordingSource, options: BackendOptions = {}): Promise<Replay> {
  await initBackend(options);
  return new Replay(source);
}
