import { DeepReplayError, ndarray, type NdArray, type RecordingInfo, type RecordingSource } from "@deepreplay/frames";
import { checkEpoch, checkSeries } from "../source-checks.js";
import { resolveGroup } from "./group-names.js";
import type { EpochData, RecordingPlan, RecordingSink, RecordingStorage } from "./storage.js";

/** A recording held in memory; readable while it is being written. */
export class MemoryRecording implements RecordingSource {
  readonly #plan: RecordingPlan;
  readonly #weights: Float32Array[][][] = [];
  readonly #series: Map<string, Float32Array>;
  #completed = 0;

  constructor(plan: RecordingPlan) {
    this.#plan = plan;
    this.#weights.push(plan.initialWeights.map((layer) => layer.map((w) => Float32Array.from(w.data))));
    this.#series = new Map(plan.series.map((name) => [name, new Float32Array(plan.nEpochs)]));
  }

  get info(): RecordingInfo {
    const p = this.#plan;
    return {
      group: p.group,
      samples: p.samples,
      batchSize: p.batchSize,
      nBatches: p.nBatches,
      nEpochs: p.nEpochs,
      completedEpochs: this.#completed,
      nLayers: p.model.layers.length,
      activationFunctions: p.activationFunctions,
      series: p.series,
      model: p.model,
    };
  }

  inputs(): NdArray {
    return this.#plan.inputs;
  }

  targets(): NdArray {
    return this.#plan.targets;
  }

  weights(epoch: number): NdArray[][] {
    checkEpoch(this.info, epoch);
    const shapes = this.#plan.initialWeights;
    return this.#weights[epoch].map((layer, i) => layer.map((data, j) => ndarray(data, shapes[i][j].shape)));
  }

  series(name: string): Float32Array {
    checkSeries(this.info, name);
    return this.#series.get(name)!.slice(0, this.#completed);
  }

  /** @internal Written by the storage's sink. */
  append({ epoch, weights, values }: EpochData): void {
    this.#weights[epoch] = weights.map((layer) => layer.map((w) => Float32Array.from(w)));
    for (const [name, series] of this.#series) series[epoch - 1] = values[name];
    this.#completed = epoch;
  }
}

/** Keeps recordings in memory, by group: for tests, notebooks, and replaying without a file. */
export class MemoryStorage implements RecordingStorage {
  readonly #recordings = new Map<string, MemoryRecording>();

  async create(requested: RecordingPlan): Promise<RecordingSink> {
    const group = resolveGroup("This memory storage", requested.group, this.groups(), requested.ifExists);
    const plan = { ...requested, group };
    const recording = new MemoryRecording(plan);
    this.#recordings.set(group, recording);
    let open = true;
    return {
      group,
      writeEpoch(epoch) {
        if (!open)
          throw new DeepReplayError("RECORDING_CLOSED", `The recording "${plan.group}" is closed.`, {
            hint: "Start a new recording.",
          });
        recording.append(epoch);
      },
      close() {
        open = false;
      },
    };
  }

  groups(): string[] {
    return [...this.#recordings.keys()];
  }

  open(group: string): MemoryRecording {
    const recording = this.#recordings.get(group);
    if (!recording) {
      throw new DeepReplayError("GROUP_NOT_FOUND", `No recording "${group}" in this memory storage.`, {
        hint: `Its recordings: ${this.groups().join(", ") || "none"}.`,
      });
    }
    return recording;
  }
}
