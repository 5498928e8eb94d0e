import { DeepReplayError, type ModelDescription, type NdArray } from "@deepreplay/frames";
import { initGroup } from "./hdf5/layout.js";
import { activationFunctionName } from "./keras/weights.js";
import type { IfGroupExists, RecordingPlan, RecordingSink, RecordingStorage } from "./storage/storage.js";
import {
  checkData,
  checkEpochWeights,
  checkGroupName,
  checkInitialWeights,
  checkModel,
  checkTraining,
  type WeightArray,
} from "./validate.js";

export interface TrainingParams {
  epochs: number;
  batchSize: number;
  /** Default: the number of inputs. */
  samples?: number;
}

export interface RecorderOptions {
  /** When the storage already has the group: "refuse", "replace" it, or "rename" to the next free name. */
  ifExists?: IfGroupExists;
}

/** A group that exists already is refused unless told otherwise: nothing recorded is lost by default. */
const defaults: Required<RecorderOptions> = { ifExists: "refuse" };

export interface BeginOptions {
  inputs: NdArray;
  /** [samples] or [samples, outputs]. */
  targets: NdArray;
  model: ModelDescription;
  training: TrainingParams;
  /** The weights before training (epoch 0): per layer, in Keras order ([] for a layer without weights). */
  initialWeights: NdArray[][];
  /** The per-epoch series to store (default: loss, each metric, lr); [] for a run without a training log. */
  series?: string[];
}

export interface EpochRecord {
  /** Weights after the epoch, per layer, same order and shapes as the initial weights. */
  weights: WeightArray[][];
  loss: number;
  /** Values of the model's compiled metrics; a missing one is stored as NaN. */
  metrics?: Record<string, number>;
  /** Learning rate during the epoch; NaN when not given. */
  lr?: number;
}

/**
 * Records a training run from any loop: `begin` with the data, the model and the initial weights,
 * `recordEpoch` after each epoch, `end` when done. Bad input is refused before anything is written.
 */
export class Recorder {
  #group: string;
  readonly #ifExists: IfGroupExists;
  readonly #storage: RecordingStorage;
  #plan: RecordingPlan | undefined;
  #sink: RecordingSink | undefined;
  #epochs = 0;
  #ended = false;

  constructor(storage: RecordingStorage, group: string, options: RecorderOptions = {}) {
    checkGroupName(group);
    this.#storage = storage;
    this.#group = group;
    const { ifExists = defaults.ifExists } = options;
    this.#ifExists = ifExists;
  }

  /** The group recorded into: the one asked for, or after begin() the next free name it took ("rename"). */
  get group(): string {
    return this.#group;
  }

  /** Epochs recorded so far (after epoch 0). */
  get epochsRecorded(): number {
    return this.#epochs;
  }

  async begin(options: BeginOptions): Promise<void> {
    if (this.#plan || this.#ended) {
      throw new DeepReplayError("RECORDER_STARTED", `The recorder of "${this.group}" has already begun.`, {
        hint: "Use a new Recorder per recording.",
      });
    }
    const requested = { ...makePlan(this.group, options), ifExists: this.#ifExists };
    this.#sink = await this.#storage.create(requested);
    this.#group = this.#sink.group;
    this.#plan = { ...requested, group: this.#group };
  }

  recordEpoch(record: EpochRecord): void {
    const plan = this.#plan;
    if (!plan || !this.#sink) {
      throw new DeepReplayError(
        "RECORDER_NOT_STARTED",
        `The recorder of "${this.group}" has not begun${this.#ended ? " or has ended" : ""}.`,
        {
          hint: "Call begin() once before recordEpoch(), and not after end().",
        },
      );
    }
    if (this.#epochs >= plan.nEpochs) {
      throw new DeepReplayError(
        "TOO_MANY_EPOCHS",
        `The recording "${this.group}" was planned for ${plan.nEpochs} epochs.`,
        {
          hint: "Pass the real number of epochs to begin().",
        },
      );
    }
    const weights = checkEpochWeights(plan.initialWeights, record?.weights);
    const values = epochValues(plan, record);
    this.#sink.writeEpoch({ epoch: this.#epochs + 1, weights, values });
    this.#epochs += 1;
  }

  /** Closes the storage; the epochs recorded stay readable even when fewer than planned. */
  end(): void {
    this.#sink?.close();
    this.#sink = undefined;
    this.#plan = undefined;
    this.#ended = true;
  }
}

function makePlan(group: string, options: BeginOptions): RecordingPlan {
  const { model } = options ?? {};
  checkModel(model);
  const { inputs, targets } = checkData(options.inputs, options.targets, model);
  const { epochs, batchSize, samples, nBatches } = checkTraining(options.training, inputs.shape[0]);
  return {
    group,
    inputs,
    targets,
    model,
    samples,
    batchSize,
    nBatches,
    nEpochs: epochs,
    activationFunctions: model.layers.map(activationFunctionName),
    series: options.series ?? ["loss", ...model.metrics, "lr"],
    initialWeights: checkInitialWeights(model, options.initialWeights),
  };
}

function epochValues(plan: RecordingPlan, { loss, metrics = {}, lr }: EpochRecord): Record<string, number> {
  const unknown = Object.keys(metrics).filter((name) => !plan.model.metrics.includes(name));
  const numeric = (value: unknown) => value === undefined || typeof value === "number";
  if (typeof loss !== "number" || !numeric(lr) || unknown.length > 0 || !Object.values(metrics).every(numeric)) {
    throw new DeepReplayError(
      "INVALID_EPOCH_RECORD",
      unknown.length
        ? `Metrics ${unknown.join(", ")} were not compiled into the model.`
        : "The epoch's loss, metrics and lr must be numbers.",
      { hint: `Report loss (a number, NaN allowed), metrics among [${plan.model.metrics.join(", ")}] and lr.` },
    );
  }
  return Object.fromEntries(
    plan.series.map((name) => [name, name === "loss" ? loss : name === "lr" ? (lr ?? NaN) : (metrics[name] ?? NaN)]),
  );
}

/**
 * Records a model's initial state without training (ReplayData's `model=` mode): group `<name>_init`,
 * n_epochs 0, only the initial weights.
 */
export async function recordInitialState(
  storage: RecordingStorage,
  name: string,
  options: Omit<BeginOptions, "training"> & { batchSize?: number },
): Promise<void> {
  const recorder = new Recorder(storage, initGroup(name));
  const samples = options?.inputs?.shape?.[0];
  await recorder.begin({ ...options, training: { epochs: 0, batchSize: options.batchSize ?? samples } });
  recorder.end();
}
