import type { ModelDescription, NdArray } from "@deepreplay/frames";

/**
 * What a storage does when the group is already there: refuse (the default, as Python's ReplayData),
 * replace the old recording, or record under the next free name (`part1_2`, `part1_3`, ...), as a
 * re-run notebook cell wants.
 */
export type IfGroupExists = "refuse" | "replace" | "rename";

/** Everything a storage needs to lay out a recording, validated by the Recorder beforehand. */
export interface RecordingPlan {
  group: string;
  /** Default "refuse". */
  ifExists?: IfGroupExists;
  /** [samples, ...features], float64 as Python stores numpy inputs. */
  inputs: NdArray;
  /** [samples, outputs]; a 1-D target vector is stored as a column, as ReplayData does. */
  targets: NdArray;
  model: ModelDescription;
  samples: number;
  batchSize: number;
  nBatches: number;
  /** Planned epochs (0 records the initial state only). */
  nEpochs: number;
  activationFunctions: string[];
  /** Per-epoch series datasets: "loss", each metric, "lr". */
  series: string[];
  /** Epoch 0: the weights before training, one float32 array per layer weight. */
  initialWeights: NdArray[][];
}

/** One epoch as the storage writes it; already validated against the plan. */
export interface EpochData {
  /** 1-based: the weights after this many epochs. */
  epoch: number;
  weights: Float32Array[][];
  /** A value per plan series, NaN when not reported. */
  values: Record<string, number>;
}

/** An open recording being written. */
export interface RecordingSink {
  /** The group written: the plan's, or the next free name when `ifExists` is "rename". */
  readonly group: string;
  writeEpoch(epoch: EpochData): void;
  /** Makes everything durable and releases the storage; further writes are refused. */
  close(): void;
}

/**
 * Where recordings go: an HDF5 file, memory, or anything else implementing this.
 * `create` refuses (throws a DeepReplayError) before writing anything, so nothing stored is lost.
 */
export interface RecordingStorage {
  create(plan: RecordingPlan): Promise<RecordingSink>;
}
