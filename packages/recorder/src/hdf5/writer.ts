import h5wasm, { Module } from "#h5wasm";
import { files } from "#files";
import { DeepReplayError } from "@deepreplay/frames";
import type { StagedFile } from "../files/files.js";
import { kerasModelConfig, kerasTrainingConfig } from "../keras/to-keras.js";
import type { EpochData, RecordingPlan, RecordingSink, RecordingStorage } from "../storage/storage.js";
import {
  createRowDataset,
  replaceIntegerAttribute,
  writeFixedStringsAttribute,
  writeIntegerAttribute,
  writeRow,
  writeAsciiAttribute,
  type H5Dataset,
  type H5File,
  type H5Group,
} from "./h5.js";
import { resolveGroup } from "../storage/group-names.js";
import { rewriteWithout } from "./copy.js";
import { writeKerasModelFile } from "./keras-model-file.js";
import { ATTR, DATASET, layerGroup, modelFileName, weightsDataset } from "./layout.js";
import { hasHdf5Signature, openH5ForReading, readyH5, toBytes, type Hdf5Bytes } from "./open.js";

export interface Hdf5StorageOptions {
  /** Also write the Keras model file `<group>_model.h5` beside the replay file, as ReplayData does. Default true. */
  modelFile?: boolean;
}

/** The group to write into the file at `path`: refused, renamed or (after rewriting the file without the old one) replaced. */
function groupToWrite(
  where: string,
  path: string,
  taken: readonly string[],
  { group, ifExists }: RecordingPlan,
): string {
  const name = resolveGroup(where, group, taken, ifExists);
  if (taken.includes(name)) rewriteWithout(path, name);
  return name;
}

async function groupsIn(path: string): Promise<string[]> {
  if (!files.exists(path)) return [];
  const opened = await openH5ForReading(path);
  try {
    return opened.file.keys();
  } finally {
    opened.close();
  }
}

/** The datasets an epoch writes into. */
interface GroupDatasets {
  series: Map<string, H5Dataset>;
  weights: H5Dataset[][];
}

/** deepreplay's group: Python's attributes and datasets, plus completed_epochs and the model's Keras JSON. */
function writeGroup(file: H5File, plan: RecordingPlan): GroupDatasets {
  const group = file.create_group(plan.group);
  writeIntegerAttribute(group, ATTR.samples, plan.samples);
  writeIntegerAttribute(group, ATTR.batchSize, plan.batchSize);
  writeIntegerAttribute(group, ATTR.nBatches, plan.nBatches);
  writeIntegerAttribute(group, ATTR.nEpochs, plan.nEpochs);
  writeIntegerAttribute(group, ATTR.nLayers, plan.model.layers.length);
  writeFixedStringsAttribute(group, ATTR.activationFunctions, plan.activationFunctions);
  writeIntegerAttribute(group, ATTR.completedEpochs, 0);
  writeAsciiAttribute(group, ATTR.modelConfig, kerasModelConfig(plan.model));
  writeAsciiAttribute(group, ATTR.trainingConfig, kerasTrainingConfig(plan.model));

  for (const [name, array] of [
    [DATASET.inputs, plan.inputs],
    [DATASET.targets, plan.targets],
  ] as const) {
    group.create_dataset({ name, data: Float64Array.from(array.data), shape: [...array.shape], dtype: "<d" });
  }
  const series = new Map(plan.series.map((name) => [name, createRowDataset(group, name, plan.nEpochs, [])]));
  const weights = plan.initialWeights.map((layer, i) => {
    const layerNode: H5Group = group.create_group(layerGroup(i));
    return layer.map((w, j) => {
      const dataset = createRowDataset(layerNode, weightsDataset(j), plan.nEpochs + 1, w.shape);
      writeRow(dataset, 0, Float32Array.from(w.data));
      return dataset;
    });
  });
  return { series, weights };
}

/**
 * Records into an HDF5 file in Python deepreplay's layout, one group per recording, appending
 * to an existing file. Each epoch is flushed, so a killed training leaves every completed epoch
 * readable. Files by path need Node; Hdf5BytesStorage records into bytes anywhere.
 */
export class Hdf5Storage implements RecordingStorage {
  readonly path: string;
  readonly #options: Required<Hdf5StorageOptions>;

  constructor(path: string, options: Hdf5StorageOptions = {}) {
    this.path = files.resolve(path);
    this.#options = { modelFile: true, ...options };
  }

  /** Where the Keras model of a group goes. */
  modelPath(group: string): string {
    return files.beside(this.path, modelFileName(group));
  }

  async create(requested: RecordingPlan): Promise<RecordingSink> {
    files.checkWritable(this.path);
    await readyH5();
    const release = files.acquireWriteLock(this.path);
    let file: H5File | undefined;
    try {
      const plan = { ...requested, group: groupToWrite(this.path, this.path, await groupsIn(this.path), requested) };
      if (this.#options.modelFile) files.checkWritable(this.modelPath(plan.group));
      file = new h5wasm.File(this.path, files.exists(this.path) ? "a" : "w");
      const datasets = writeGroup(file, plan);
      file.flush();
      if (this.#options.modelFile)
        await writeKerasModelFile(this.modelPath(plan.group), plan.model, plan.initialWeights);
      return new Hdf5Sink(file, file.get(plan.group) as H5Group, datasets, release);
    } catch (error) {
      file?.close();
      release();
      throw error;
    }
  }
}

/**
 * Records into an HDF5 file held in memory, in Node and in a browser alike: the same layout as
 * Hdf5Storage (each group self-contained, with its model), one recording at a time, no lock
 * (nobody else can see the file). `bytes()` gives the file, to save, download or open again.
 */
export class Hdf5BytesStorage implements RecordingStorage {
  /** The file between recordings. */
  #bytes: Uint8Array | undefined;
  /** The file while a recording writes it. */
  #writing: { file: H5File; staged: StagedFile } | undefined;

  /** Starts empty, or appends to the HDF5 file given. */
  constructor(bytes?: Hdf5Bytes) {
    if (bytes !== undefined && !hasHdf5Signature(toBytes(bytes))) {
      throw new DeepReplayError("NOT_HDF5", "The bytes given to Hdf5BytesStorage are not an HDF5 file.", {
        hint: "Pass the bytes of an HDF5 file, or none.",
      });
    }
    this.#bytes = bytes === undefined ? undefined : toBytes(bytes).slice();
  }

  async create(requested: RecordingPlan): Promise<RecordingSink> {
    if (this.#writing) {
      throw new DeepReplayError(
        "STORAGE_BUSY",
        `A recording is still being written into this storage; "${requested.group}" must wait.`,
        {
          hint: "End the recording before (recorder.end()), or record into another Hdf5BytesStorage.",
        },
      );
    }
    await readyH5();
    const bytes = this.#bytes;
    const staged = bytes ? files.stage(bytes) : files.scratch();
    let file: H5File | undefined;
    try {
      if (bytes) await files.probe(staged.path, "The bytes given to Hdf5BytesStorage");
      const plan = {
        ...requested,
        group: bytes ? groupToWrite("The file", staged.path, await groupsIn(staged.path), requested) : requested.group,
      };
      file = new h5wasm.File(staged.path, bytes ? "a" : "w");
      const datasets = writeGroup(file, plan);
      file.flush();
      const writing = { file, staged };
      this.#writing = writing;
      return new Hdf5Sink(file, file.get(plan.group) as H5Group, datasets, () => {
        this.#bytes = staged.read();
        staged.release();
        if (this.#writing === writing) this.#writing = undefined;
      });
    } catch (error) {
      file?.close();
      staged.release();
      throw error;
    }
  }

  /** The HDF5 file: every recording ended, and of one being written the epochs recorded so far. */
  bytes(): Uint8Array {
    if (this.#writing) {
      flush(this.#writing.file);
      return this.#writing.staged.read();
    }
    if (!this.#bytes)
      throw new DeepReplayError("NOTHING_RECORDED", "Nothing has been recorded into this storage yet.", {
        hint: "Record a run into it first.",
      });
    return this.#bytes.slice();
  }
}

/** h5wasm's File.flush drops HDF5's status: a full disk or a file gone unwritable would pass unnoticed. */
function flush(file: H5File): void {
  if (Module.flush(file.file_id) < 0)
    throw new Error("the HDF5 library could not write to the file (disk full, or the file is no longer writable)");
}

class Hdf5Sink implements RecordingSink {
  #file: H5File | undefined;
  readonly #group: H5Group;
  readonly #datasets: GroupDatasets;
  readonly #release: () => void;
  /** Set once a write failed: the epochs before it are on disk, nothing after it is written. */
  #failure: DeepReplayError | undefined;

  get group(): string {
    return this.#group.path.slice(1);
  }

  constructor(file: H5File, group: H5Group, datasets: GroupDatasets, release: () => void) {
    this.#file = file;
    this.#group = group;
    this.#datasets = datasets;
    this.#release = release;
  }

  writeEpoch({ epoch, weights, values }: EpochData): void {
    const file = this.#file;
    if (!file)
      throw new DeepReplayError("RECORDING_CLOSED", `The recording ${this.#group.path} is closed.`, {
        hint: "Start a new recording.",
      });
    if (this.#failure) throw this.#failure;
    try {
      this.#datasets.weights.forEach((layer, i) =>
        layer.forEach((dataset, j) => writeRow(dataset, epoch, weights[i][j])),
      );
      for (const [name, dataset] of this.#datasets.series) writeRow(dataset, epoch - 1, Float32Array.of(values[name]));
      flush(file);
      // The count goes last, in a flush of its own: on disk it never runs ahead of the data.
      replaceIntegerAttribute(this.#group, ATTR.completedEpochs, epoch);
      flush(file);
    } catch (error) {
      // HDF5 may count the failed epoch as written: put the count back, for any later flush (close) to store.
      replaceIntegerAttribute(this.#group, ATTR.completedEpochs, epoch - 1);
      this.#failure = new DeepReplayError(
        "WRITE_FAILED",
        `Writing epoch ${epoch} to ${file.filename} failed: ${error instanceof Error ? error.message : String(error)}.`,
        {
          hint: `Epochs 0..${epoch - 1} are safe on disk (completed_epochs = ${epoch - 1}); free space or fix the path, then record the rest into a new group.`,
          cause: error,
        },
      );
      throw this.#failure;
    }
  }

  close(): void {
    if (!this.#file) return;
    this.#file.close();
    this.#file = undefined;
    this.#release();
  }
}
