import { files } from "#files";
import {
  DeepReplayError,
  isDeepReplayError,
  ndarray,
  type ModelDescription,
  type NdArray,
  type RecordingInfo,
  type RecordingSource,
} from "@deepreplay/frames";
import { parseKerasModel } from "../keras/parse-model.js";
import { checkEpoch, checkSeries } from "../source-checks.js";
import {
  integerAttribute,
  isDataset,
  isGroup,
  stringAttribute,
  stringsAttribute,
  type H5Dataset,
  type H5File,
  type H5Group,
} from "./h5.js";
import { ATTR, DATASET, initGroup, layerGroup, modelFileName, weightsDataset } from "./layout.js";
import { openH5ForReading, type Hdf5Source, type OpenedH5 } from "./open.js";

export interface OpenRecordingOptions {
  /**
   * The Keras model file (`<group>_model.h5`), by path (in Node) or as bytes; default: the file of
   * that name beside a replay file opened by path. Used only when the group holds no model_config.
   */
  model?: Hdf5Source;
  /** The Keras model file's path: the same as `model`. */
  modelPath?: string;
}

/** A group is a recording when it carries deepreplay's attributes and inputs. */
function isRecordingGroup(entity: unknown): entity is H5Group {
  return isGroup(entity) && ATTR.nEpochs in entity.attrs && isDataset(entity.get(DATASET.inputs));
}

function recordingGroups(file: H5File): string[] {
  return file.keys().filter((name) => isRecordingGroup(file.get(name)));
}

/** The names of the recordings (deepreplay groups) in a replay file. */
export async function listGroups(source: Hdf5Source): Promise<string[]> {
  const opened = await openH5ForReading(source);
  try {
    return recordingGroups(opened.file);
  } catch (error) {
    throw readError(opened.name, error);
  } finally {
    opened.close();
  }
}

function chooseGroup(file: H5File, path: string, requested: string | undefined): string {
  const groups = recordingGroups(file);
  if (requested === undefined) {
    if (groups.length === 1) return groups[0];
    throw new DeepReplayError(
      groups.length === 0 ? "NO_RECORDINGS" : "GROUP_REQUIRED",
      groups.length === 0
        ? `${path} holds no deepreplay recording.`
        : `${path} holds several recordings: ${groups.join(", ")}.`,
      { hint: groups.length === 0 ? "Record into it first." : "Pass the group to open." },
    );
  }
  for (const candidate of [requested, initGroup(requested)]) if (groups.includes(candidate)) return candidate;
  throw new DeepReplayError("GROUP_NOT_FOUND", `${path} has no recording "${requested}".`, {
    hint: groups.length ? `Its recordings: ${groups.join(", ")}.` : "The file holds no recording.",
  });
}

function invalidRecording(message: string): DeepReplayError {
  return new DeepReplayError("INVALID_RECORDING", message, { hint: "The file does not follow deepreplay's layout." });
}

/** A count attribute: a non-negative integer (a corrupt one, say 2^40 epochs, is refused here). */
function countAttribute(group: H5Group, name: string): number | undefined {
  const value = integerAttribute(group, name);
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new DeepReplayError("INVALID_ATTRIBUTE", `Attribute ${name} of ${group.path} is ${value}, not a count.`, {
      hint: "The file does not follow deepreplay's layout.",
    });
  }
  return value;
}

function requiredInteger(group: H5Group, name: string): number {
  const value = countAttribute(group, name);
  if (value === undefined) throw invalidRecording(`Recording ${group.path} has no attribute ${name}.`);
  return value;
}

/** The datasets must hold what the attributes promise: a weights row per completed epoch and 0, a value per epoch. */
function checkExtents(info: RecordingInfo, group: H5Group, weights: H5Dataset[][]): void {
  if (info.completedEpochs > info.nEpochs) {
    throw invalidRecording(`Recording ${info.group} says ${info.completedEpochs} epochs completed of ${info.nEpochs}.`);
  }
  const rows = (dataset: H5Dataset) => dataset.shape?.[0] ?? 0;
  const short = weights.flat().find((dataset) => rows(dataset) < info.completedEpochs + 1);
  if (short)
    throw invalidRecording(
      `${short.path} holds ${rows(short)} epochs of weights, the recording ${info.completedEpochs + 1}.`,
    );
  const series = info.series
    .map((name) => group.get(name) as H5Dataset)
    .find((dataset) => rows(dataset) < info.completedEpochs);
  if (series) throw invalidRecording(`${series.path} holds ${rows(series)} values for ${info.completedEpochs} epochs.`);
}

/** Any failure of the HDF5 library on a file that passed the probe, as a typed error. */
function readError(path: string, error: unknown): DeepReplayError {
  if (isDeepReplayError(error)) return error;
  return new DeepReplayError(
    "CORRUPT_HDF5",
    `${path} could not be read: ${error instanceof Error ? error.message : String(error)}.`,
    {
      hint: "The file is truncated or corrupt; record it again or restore it from a copy.",
      cause: error,
    },
  );
}

/** Where the Keras model file is: given, or beside a replay file opened by path under one of `names`. */
function modelSource(replay: OpenedH5, groupPath: string, names: string[], given: Hdf5Source | undefined): Hdf5Source {
  if (given !== undefined) {
    if (typeof given === "string" && !files.exists(files.resolve(given)))
      throw modelNotFound(groupPath, `${files.resolve(given)} does not exist`);
    return given;
  }
  if (replay.path === undefined) throw modelNotFound(groupPath, "none was given with its bytes");
  const candidates = names.map((name) => files.beside(replay.path!, modelFileName(name)));
  const found = candidates.find((candidate) => files.exists(candidate));
  if (!found) throw modelNotFound(groupPath, `${candidates.join(" / ")} does not exist`);
  return found;
}

function modelNotFound(groupPath: string, why: string): DeepReplayError {
  return new DeepReplayError("MODEL_NOT_FOUND", `Recording ${groupPath} holds no model description and ${why}.`, {
    hint: "Pass options.model: the Keras model file (*_model.h5) saved with the recording, by path or as bytes.",
  });
}

/** The model's Keras JSON: inside the group (ours), else from the Keras model file (Python's). */
async function readModel(
  group: H5Group,
  replay: OpenedH5,
  names: string[],
  given: Hdf5Source | undefined,
): Promise<ModelDescription> {
  const modelConfig = stringAttribute(group, ATTR.modelConfig);
  const trainingConfig = stringAttribute(group, ATTR.trainingConfig);
  if (modelConfig !== undefined && trainingConfig !== undefined) return parseKerasModel(modelConfig, trainingConfig);

  const model = await openH5ForReading(modelSource(replay, group.path, names, given));
  try {
    const fileModelConfig = stringAttribute(model.file, ATTR.modelConfig);
    const fileTrainingConfig = stringAttribute(model.file, ATTR.trainingConfig);
    if (fileModelConfig === undefined) {
      throw new DeepReplayError("MODEL_NOT_FOUND", `${model.name} has no model_config attribute.`, {
        hint: "Pass the Keras model file saved with the recording (model.save).",
      });
    }
    if (fileTrainingConfig === undefined) {
      throw new DeepReplayError(
        "MODEL_NOT_COMPILED",
        `${model.name} has no training_config: the model was saved uncompiled.`,
        {
          hint: "The replay needs the loss and metrics: save the model after compile().",
        },
      );
    }
    return parseKerasModel(fileModelConfig, fileTrainingConfig);
  } finally {
    model.close();
  }
}

function toFloatArray(value: unknown, what: string): Float32Array | Float64Array {
  if (value instanceof Float32Array || value instanceof Float64Array) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Float64Array.from(value as unknown as ArrayLike<number | bigint>, Number);
  }
  throw new DeepReplayError("INVALID_RECORDING", `${what} is not numeric.`, {
    hint: "The file does not follow deepreplay's layout.",
  });
}

function readNd(dataset: H5Dataset): NdArray {
  return ndarray(toFloatArray(dataset.value, dataset.path), dataset.shape ?? []);
}

/** The weight datasets of every layer: weights0, weights1, ... in index order (a layer without weights has none). */
function weightDatasets(group: H5Group, nLayers: number): H5Dataset[][] {
  return Array.from({ length: nLayers }, (_, i) => {
    const layer = group.get(layerGroup(i));
    const datasets: H5Dataset[] = [];
    if (!isGroup(layer)) return datasets;
    for (let j = 0; ; j++) {
      const dataset = layer.get(weightsDataset(j));
      if (!isDataset(dataset)) return datasets;
      datasets.push(dataset);
    }
  });
}

/** Per-epoch series: 1-D datasets of the group beside inputs and targets, loss first and lr last. */
function seriesNames(group: H5Group, metrics: string[]): string[] {
  const names = group
    .keys()
    .filter((name) => name !== DATASET.inputs && name !== DATASET.targets)
    .filter((name) => {
      const entity = group.get(name);
      return isDataset(entity) && entity.shape?.length === 1;
    });
  const rank = (name: string): number =>
    name === DATASET.loss
      ? 0
      : metrics.includes(name)
        ? 1 + metrics.indexOf(name)
        : name === DATASET.lr
          ? 2 + metrics.length
          : 1 + metrics.length;
  return names.sort((a, b) => rank(a) - rank(b));
}

/**
 * Weights of every epoch up to this size are read in one go when first asked for, then served from
 * memory: a replay asks for each epoch's several times (the fixed scale's first pass, the frame, its
 * regions), and one HDF5 read per dataset costs what one per epoch does. Larger, one epoch's slice
 * is read per call, so memory does not grow with the number of epochs.
 */
const WHOLE_READ_BYTES = 16 * 2 ** 20;

/** One weight dataset read whole: every epoch's values, row after row. */
interface WholeWeights {
  readonly values: Float32Array | Float64Array;
  readonly shape: number[];
  readonly size: number;
}

/** A deepreplay recording in an HDF5 file, read lazily. */
export class HdfRecording implements RecordingSource {
  readonly info: RecordingInfo;
  /** The file's absolute path, or "an in-memory file (N bytes)". */
  readonly path: string;
  #opened: OpenedH5 | undefined;
  readonly #group: H5Group;
  readonly #weights: H5Dataset[][];
  /** Every epoch's weights once read (null: too large to hold). */
  #whole: WholeWeights[][] | null | undefined;

  constructor(
    opened: OpenedH5,
    group: H5Group,
    info: RecordingInfo,
    weights: H5Dataset[][] = weightDatasets(group, info.nLayers),
  ) {
    this.path = opened.name;
    this.#opened = opened;
    this.#group = group;
    this.info = info;
    this.#weights = weights;
  }

  /** Runs a read, with any HDF5 failure as a typed error. */
  #read<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw readError(this.path, error);
    }
  }

  #open(): H5Group {
    if (!this.#opened) {
      throw new DeepReplayError("RECORDING_CLOSED", `The recording ${this.info.group} of ${this.path} is closed.`, {
        hint: "Open it again with openRecording().",
      });
    }
    return this.#group;
  }

  #dataset(name: string): H5Dataset {
    const dataset = this.#open().get(name);
    if (!isDataset(dataset)) {
      throw new DeepReplayError("INVALID_RECORDING", `Recording ${this.info.group} has no dataset ${name}.`, {
        hint: "The file does not follow deepreplay's layout.",
      });
    }
    return dataset;
  }

  inputs(): NdArray {
    return this.#read(() => readNd(this.#dataset(DATASET.inputs)));
  }

  targets(): NdArray {
    return this.#read(() => readNd(this.#dataset(DATASET.targets)));
  }

  weights(epoch: number): NdArray[][] {
    this.#open();
    checkEpoch(this.info, epoch);
    const whole = this.#wholeWeights();
    if (whole) {
      return whole.map((layer) =>
        layer.map(({ values, shape, size }) => ndarray(values.slice(epoch * size, (epoch + 1) * size), shape)),
      );
    }
    return this.#read(() =>
      this.#weights.map((layer) =>
        layer.map((dataset) => {
          const shape = (dataset.shape ?? []).slice(1);
          return ndarray(toFloatArray(dataset.slice([[epoch, epoch + 1]]), dataset.path), shape);
        }),
      ),
    );
  }

  #wholeWeights(): WholeWeights[][] | null {
    if (this.#whole !== undefined) return this.#whole;
    const datasets = this.#weights.flat();
    const bytes = datasets.reduce((sum, d) => sum + d.metadata.size * (d.shape ?? []).reduce((n, k) => n * k, 1), 0);
    this.#whole =
      bytes > WHOLE_READ_BYTES
        ? null
        : this.#read(() =>
            this.#weights.map((layer) =>
              layer.map((dataset) => {
                const shape = (dataset.shape ?? []).slice(1);
                const values = toFloatArray(dataset.value, dataset.path);
                return { values, shape, size: shape.reduce((n, k) => n * k, 1) };
              }),
            ),
          );
    return this.#whole;
  }

  series(name: string): Float32Array {
    this.#open();
    checkSeries(this.info, name);
    const values = this.#read(() => toFloatArray(this.#dataset(name).slice([[0, this.info.completedEpochs]]), name));
    return values instanceof Float32Array ? values : Float32Array.from(values);
  }

  close(): void {
    this.#opened?.close();
    this.#opened = undefined;
  }
}

/**
 * Opens a deepreplay recording, written by Python's ReplayData or by this package. With no group,
 * the file's only recording; a missing group falls back to `<group>_init`, as Python's Replay does.
 */
export async function openRecording(
  source: Hdf5Source,
  group?: string,
  options: OpenRecordingOptions = {},
): Promise<HdfRecording> {
  const opened = await openH5ForReading(source);
  try {
    const name = chooseGroup(opened.file, opened.name, group);
    const node = opened.file.get(name) as H5Group;
    const nEpochs = requiredInteger(node, ATTR.nEpochs);
    const nLayers = requiredInteger(node, ATTR.nLayers);
    const model = await readModel(
      node,
      opened,
      group && group !== name ? [name, group] : [name],
      options.model ?? options.modelPath,
    );
    if (model.layers.length !== nLayers) {
      throw new DeepReplayError(
        "MODEL_MISMATCH",
        `Recording ${name} has ${nLayers} layers, its model description ${model.layers.length}.`,
        { hint: "Pass options.model: the model file saved with this recording." },
      );
    }
    const info: RecordingInfo = {
      group: name,
      samples: requiredInteger(node, ATTR.samples),
      batchSize: requiredInteger(node, ATTR.batchSize),
      nBatches: requiredInteger(node, ATTR.nBatches),
      nEpochs,
      completedEpochs: countAttribute(node, ATTR.completedEpochs) ?? nEpochs,
      nLayers,
      activationFunctions: stringsAttribute(node, ATTR.activationFunctions) ?? [],
      series: seriesNames(node, model.metrics),
      model,
    };
    const weights = weightDatasets(node, nLayers);
    checkExtents(info, node, weights);
    return new HdfRecording(opened, node, info, weights);
  } catch (error) {
    opened.close();
    throw readError(opened.name, error);
  }
}
