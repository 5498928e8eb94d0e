import type { Scalar, Tensor } from "@tensorflow/tfjs-core";
import { Callback, type LayersModel } from "@tensorflow/tfjs-layers";
import type { NdArray } from "@deepreplay/frames";
import { Hdf5Storage } from "../hdf5/writer.js";
import { Recorder, recordInitialState } from "../recorder.js";
import type { IfGroupExists, RecordingStorage } from "../storage/storage.js";
import { describeTfjsModel, learningRate, tensorToNdArray, tfjsWeights } from "./describe.js";

export interface ReplayDataOptions {
  inputs: Tensor | NdArray;
  targets: Tensor | NdArray;
  /** A storage (in a page: Hdf5BytesStorage or MemoryStorage), or the path of the HDF5 replay file (created or appended to; Node only). */
  storage: RecordingStorage | string;
  group: string;
  /** When the file already has the group (a re-run notebook cell): "refuse", "replace" it, or "rename" to the next free name. */
  ifExists?: IfGroupExists;
}

function toNdArray(values: Tensor | NdArray): NdArray {
  return "dataSync" in values ? tensorToNdArray(values) : values;
}

type UnresolvedLogs = Record<string, number | Scalar>;

/** fit() may hand callbacks scalars still on the backend. */
async function resolveLogs(logs: UnresolvedLogs): Promise<Record<string, number>> {
  const entries = Object.entries(logs).map(
    async ([name, value]) => [name, typeof value === "number" ? value : (await value.data())[0]] as const,
  );
  return Object.fromEntries(await Promise.all(entries));
}

function toStorage(storage: RecordingStorage | string): RecordingStorage {
  return typeof storage === "string" ? new Hdf5Storage(storage) : storage;
}

/**
 * The tfjs-layers counterpart of Python deepreplay's ReplayData callback: pass it to `model.fit`
 * to record the initial weights, the weights after every epoch, the loss, each compiled metric and the lr.
 */
export class ReplayData extends Callback {
  readonly recorder: Recorder;
  readonly #inputs: NdArray;
  readonly #targets: NdArray;

  constructor(options: ReplayDataOptions) {
    super();
    this.recorder = new Recorder(toStorage(options.storage), options.group, { ifExists: options.ifExists });
    this.#inputs = toNdArray(options.inputs);
    this.#targets = toNdArray(options.targets);
  }

  override async onTrainBegin(): Promise<void> {
    const { epochs, initialEpoch, batchSize, samples, steps } = this.params as Record<
      string,
      number | null | undefined
    >;
    // fitDataset() knows neither samples nor batch size: fall back to the inputs given and the steps.
    const total = samples ?? this.#inputs.shape[0];
    await this.recorder.begin({
      inputs: this.#inputs,
      targets: this.#targets,
      model: describeTfjsModel(this.model),
      training: {
        epochs: (epochs ?? 0) - (initialEpoch ?? 0),
        batchSize: batchSize ?? Math.ceil(total / (steps ?? 1)),
        samples: total,
      },
      initialWeights: tfjsWeights(this.model),
    });
  }

  override async onEpochEnd(_epoch: number, unresolved: UnresolvedLogs = {}): Promise<void> {
    const { loss = NaN, ...rest } = await resolveLogs(unresolved);
    const compiled = this.model.metricsNames.filter((name) => name !== "loss");
    this.recorder.recordEpoch({
      weights: tfjsWeights(this.model),
      loss,
      metrics: Object.fromEntries(compiled.map((name) => [name, rest[name] ?? NaN])),
      lr: learningRate(this.model),
    });
  }

  override async onTrainEnd(): Promise<void> {
    this.recorder.end();
  }
}

/**
 * ReplayData's init-only mode: records a compiled model's initial state, without training, into
 * group `<group>_init` (n_epochs 0).
 */
export async function recordInitialModel(
  model: LayersModel,
  options: ReplayDataOptions & { batchSize?: number },
): Promise<void> {
  await recordInitialState(toStorage(options.storage), options.group, {
    inputs: toNdArray(options.inputs),
    targets: toNdArray(options.targets),
    model: describeTfjsModel(model),
    initialWeights: tfjsWeights(model),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  });
}
