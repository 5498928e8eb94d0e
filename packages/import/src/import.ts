import {
  lossTargetsClasses,
  ndarray,
  type ActivationName,
  type LayerSpec,
  type ModelDescription,
  type NdArray,
} from "@deepreplay/frames";
import { Recorder, type IfGroupExists, type RecordingStorage } from "@deepreplay/recorder";
import { checkpointSeries } from "./checkpoints.js";
import { readDataset, readHistory, type DatasetOptions } from "./data/index.js";
import { fileError } from "./errors.js";
import { kerasRun } from "./keras/run.js";
import { torchRun } from "./torch-run.js";
import type { RunReader } from "./run-reader.js";
import type { Dataset, History, NamedBytes } from "./types.js";

/**
 * Assembles an imported run: the checkpoints in epoch order, the data, the training log and the
 * architecture become one recording, written through the recorder (deepreplay's HDF5 layout or any
 * storage). Checkpoints are read one at a time, each written before the next is read.
 */

export interface ImportOptions {
  /**
   * One checkpoint per epoch, in any order: the epoch is the last integer of each file name. `bytes`
   * may be a getter: each checkpoint's bytes are asked for once, when its turn comes, and dropped
   * once written, so one checkpoint is held at a time.
   */
  checkpoints: readonly NamedBytes[];
  /** An .npz (arrays x and y), two .npy files (inputs, targets) or a CSV. */
  data: readonly NamedBytes[];
  /** Array names in the .npz / .npy stems (default x and y). */
  arrays?: DatasetOptions;
  /** Keras' CSVLogger output, or any CSV with an epoch and a loss column. */
  history?: NamedBytes;
  /** The architecture, for checkpoints that hold weights only: a .keras, an .h5 or a model.to_json() file. */
  model?: NamedBytes;
  /** The loss, as Keras names it, when the checkpoints do not say (binary_crossentropy, ...). */
  loss?: string;
  /** The model ends in logits: its probabilities are the sigmoid (one unit) or softmax (several) of its output. */
  fromLogits?: boolean;
  /** The metric to record and replay (default: the compiled ones). */
  metric?: string;
  /** Start at the first checkpoint when there is no epoch 0 (its weights become the recording's epoch 0). */
  startAtFirst?: boolean;
  /** The batch size trained with, for the recording's attributes (default: all inputs, one batch). */
  batchSize?: number;
  /** When the group exists: "refuse" (default), "replace" it, or "rename" to the next free name. */
  ifExists?: IfGroupExists;
}

export interface ImportedRun {
  /** The group written. */
  group: string;
  model: ModelDescription;
  /** The recording's epoch 0 weights (for a Keras model file beside the recording). */
  initialWeights: NdArray[][];
  /** Epochs after epoch 0. */
  epochs: number;
  /** The training epoch of the recording's epoch 0 (0 unless startAtFirst). */
  firstEpoch: number;
  /** The per-epoch series taken from the history, named as it names them; empty without one (the recording's are then NaN throughout). */
  series: string[];
  /** True when the last layer's activation was set to sigmoid/softmax because the model ends in logits. */
  fromLogits: boolean;
}

/** The readers of each framework's checkpoints; the first that claims a checkpoint reads the run. */
const RUN_READERS: readonly RunReader[] = [kerasRun, torchRun];

/** Activations that turn logits into probabilities, by output width. */
const probabilities = (units: number): ActivationName => (units === 1 ? "sigmoid" : "softmax");

function outputWidth(inputShape: readonly number[], layers: readonly LayerSpec[]): number {
  let width = inputShape.reduce((a, b) => a * b, 1);
  for (const layer of layers) if (layer.kind === "Dense") width = layer.units;
  return width;
}

/**
 * A model ending in logits, made to end in probabilities: its last layer's linear activation becomes
 * sigmoid (one unit) or softmax (several). Every replay, and Python deepreplay reading the model
 * file, then computes the same probabilities, losses and metrics.
 */
export function withProbabilities(model: ModelDescription, source: string): ModelDescription {
  const units = outputWidth(model.inputShape, model.layers);
  const last = model.layers[model.layers.length - 1];
  const activation = probabilities(units);
  if ((last.kind === "Dense" || last.kind === "Activation") && last.activation !== "linear") {
    throw fileError(
      "NOT_LOGITS",
      source,
      `the model is said to end in logits, but its last layer "${last.name}" already applies ${last.activation}.`,
      "Leave out --from-logits: the model's output is already a probability.",
    );
  }
  const layers: LayerSpec[] =
    last.kind === "Dense" || last.kind === "Activation"
      ? [...model.layers.slice(0, -1), { ...last, activation }]
      : [...model.layers, { kind: "Activation", name: `${last.name}_${activation}`, activation }];
  return { ...model, layers };
}

/** Inputs that fit the model's input and targets that fit its output; categorical labels become one-hot rows. */
function fitData(name: string, { x, y }: Dataset, model: ModelDescription): Dataset {
  const features = x.shape.slice(1);
  if (
    x.shape.length < 2 ||
    features.length !== model.inputShape.length ||
    features.some((n, i) => n !== model.inputShape[i])
  ) {
    throw fileError(
      "DATA_MISMATCH",
      name,
      `its inputs have shape [${x.shape.join(", ")}], the model takes [samples, ${model.inputShape.join(", ")}].`,
      "Pass the inputs the model was trained on (--x names the array in an .npz).",
    );
  }
  const samples = x.shape[0];
  const width = y.shape.length > 1 ? y.shape.slice(1).reduce((a, b) => a * b, 1) : 1;
  if (y.shape[0] !== samples)
    throw fileError(
      "DATA_MISMATCH",
      name,
      `it has ${samples} inputs but ${y.shape[0]} targets.`,
      "Pass one target per input.",
    );
  const units = outputWidth(model.inputShape, model.layers);
  if (width !== 1 && width !== units) {
    throw fileError(
      "DATA_MISMATCH",
      name,
      `its targets have ${width} columns, the model outputs ${units}.`,
      "Pass labels, one-hot rows as wide as the output, or a column.",
    );
  }
  // A regression's targets are values, one per output unit: the recorder refuses NaN and infinities.
  if (!lossTargetsClasses(model.loss)) {
    if (width !== units)
      throw fileError(
        "DATA_MISMATCH",
        name,
        `its targets have ${width} columns, the model outputs ${units} values.`,
        `A regression (${model.loss}) takes one target column per output unit.`,
      );
    return { x, y: y.shape.length === 1 ? ndarray(y.data, [samples, 1]) : y };
  }
  if (width === 1) {
    const classes = Math.max(units, 2);
    const bad = y.data.findIndex(
      (v) => !(Number.isInteger(v) ? v >= 0 && v < classes : units === 1 && v >= 0 && v <= 1),
    );
    if (bad >= 0) {
      throw fileError(
        "DATA_MISMATCH",
        name,
        `target ${bad} is ${y.data[bad]}, not a class of the model's ${classes} (${units === 1 ? "one sigmoid unit: 0 or 1" : `labels 0..${classes - 1}`}).`,
        "Pass the targets the model was trained on.",
      );
    }
    if (units > 1 && model.loss === "categorical_crossentropy") {
      // Keras' categorical cross-entropy takes one-hot rows; Python deepreplay evaluates the targets as stored.
      const oneHot = new Float64Array(samples * units);
      y.data.forEach((label, i) => (oneHot[i * units + label] = 1));
      return { x, y: ndarray(oneHot, [samples, units]) };
    }
  }
  return { x, y: y.shape.length === 1 ? ndarray(y.data, [samples, 1]) : y };
}

/** Names Keras writes for the same accuracy, compiled as one and logged as another. */
const ACCURACY_NAMES = ["accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy"];

/** The metrics to record: the one asked for, else the compiled ones, each named as the history names it. */
function metricNames(compiled: readonly string[], asked: string | undefined, history: History | undefined): string[] {
  if (asked !== undefined) return [asked];
  if (!history) return [...compiled];
  const logged = [...history.series.keys()];
  return compiled.map((name) =>
    logged.includes(name) || !ACCURACY_NAMES.includes(name)
      ? name
      : (logged.find((column) => ACCURACY_NAMES.includes(column)) ?? name),
  );
}

/** Rows of the history by training epoch: CSVLogger counts from 0 (row e is after epoch e + 1); a log counting from 1 is taken as is. */
function historyRows(history: History | undefined): Map<number, number> {
  const rows = new Map<number, number>();
  if (!history || history.epochs.length === 0) return rows;
  const offset = history.epochs[0] === 0 ? 1 : 0;
  history.epochs.forEach((epoch, row) => rows.set(epoch + offset, row));
  return rows;
}

function learningRateColumn(history: History | undefined): Float64Array | undefined {
  return history?.series.get("lr") ?? history?.series.get("learning_rate");
}

/** Reads a run and records it into `storage` under `group`, one checkpoint at a time. */
export async function recordImport(
  storage: RecordingStorage,
  group: string,
  options: ImportOptions,
): Promise<ImportedRun> {
  const {
    checkpoints,
    data,
    arrays,
    history: historyFile,
    model: modelFile,
    loss,
    fromLogits = false,
    metric,
    startAtFirst = false,
    batchSize,
    ifExists = "refuse",
  } = options;
  const { files, firstEpoch } = checkpointSeries(checkpoints, { startAtFirst });
  const reader = RUN_READERS.find((candidate) => candidate.claims(files[0]));
  if (!reader) {
    throw fileError(
      "UNKNOWN_CHECKPOINT_FORMAT",
      files[0].name,
      "is not a checkpoint this importer reads.",
      "Pass Keras checkpoints (.keras, .h5, .weights.h5 with --model) or PyTorch state_dicts (.pt, .pth, .safetensors with --model model.onnx).",
    );
  }
  const history = historyFile && readHistory(historyFile);
  const dataset = readDataset(data, arrays);
  // The bytes asked for once per checkpoint (a getter may read them from disk).
  const load = ({ name, bytes }: NamedBytes): NamedBytes => ({ name, bytes });
  const run = await reader.open(load(files[0]), {
    ...(modelFile ? { model: modelFile } : {}),
    ...(loss ? { loss } : {}),
  });
  const logits = fromLogits || run.fromLogits;
  if (logits && !lossTargetsClasses(run.model.loss)) {
    throw fileError(
      "NOT_LOGITS",
      modelFile?.name ?? files[0].name,
      `the model is said to end in logits, but its loss ${run.model.loss} is a regression's, whose outputs are values.`,
      "Leave out --from-logits: it applies to models trained with a cross-entropy.",
    );
  }
  const compiled = logits ? withProbabilities(run.model, modelFile?.name ?? files[0].name) : run.model;
  const model: ModelDescription = { ...compiled, metrics: metricNames(compiled.metrics, metric, history) };
  // A layer appended to turn logits into probabilities holds no weights.
  const padded = (weights: NdArray[][]) => (model.layers.length > weights.length ? [...weights, []] : weights);
  const initialWeights = padded(await run.read(load(files[0])));
  const { x, y } = fitData(data.map((file) => file.name).join(", "), dataset, model);

  const rows = historyRows(history);
  const lrColumn = learningRateColumn(history);
  const value = (column: Float64Array | undefined, epoch: number) => {
    const row = rows.get(epoch);
    return column && row !== undefined ? column[row] : NaN;
  };
  const constantLr = model.optimizer?.learningRate ?? NaN;

  const recorder = new Recorder(storage, group, { ifExists });
  await recorder.begin({
    // Without a training log every series is NaN throughout (never logged), as ReplayData leaves what
    // Keras did not log: Python deepreplay's training_loss and learning_rate read the datasets.
    inputs: x,
    targets: y,
    model,
    training: { epochs: files.length - 1, batchSize: batchSize ?? x.shape[0], samples: x.shape[0] },
    initialWeights,
  });
  try {
    for (let k = 1; k < files.length; k++) {
      const weights = padded(await run.read(load(files[k])));
      const epoch = firstEpoch + k;
      recorder.recordEpoch({
        weights,
        loss: value(history?.series.get("loss"), epoch),
        metrics: Object.fromEntries(model.metrics.map((name) => [name, value(history?.series.get(name), epoch)])),
        lr: lrColumn ? value(lrColumn, epoch) : history ? constantLr : NaN,
      });
    }
  } finally {
    recorder.end();
  }
  return {
    group: recorder.group,
    model,
    initialWeights,
    epochs: files.length - 1,
    firstEpoch,
    series: history ? ["loss", ...model.metrics, "lr"] : [],
    fromLogits: logits,
  };
}
