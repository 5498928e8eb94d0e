import { ndarray, type ModelDescription, type NdArray } from "@deepreplay/frames";
import { activationFunctionName, MemoryStorage, type RecordingPlan } from "@deepreplay/recorder";
import { openReplay, type Replay } from "@deepreplay/core";

/** A replay of per-epoch layer weights (epoch 0 first) held in the recorder's memory storage. */
export async function replayOf(
  model: ModelDescription,
  weights: NdArray[][][],
  x: NdArray,
  y: NdArray,
  losses: number[] = [],
): Promise<Replay> {
  const samples = x.shape[0];
  const plan: RecordingPlan = {
    group: "imported",
    inputs: ndarray(Float64Array.from(x.data), x.shape),
    targets: y,
    model,
    samples,
    batchSize: 16,
    nBatches: Math.ceil(samples / 16),
    nEpochs: weights.length - 1,
    activationFunctions: model.layers.map(activationFunctionName),
    series: ["loss"],
    initialWeights: weights[0],
  };
  const storage = new MemoryStorage();
  const sink = await storage.create(plan);
  for (let epoch = 1; epoch < weights.length; epoch++) {
    sink.writeEpoch({
      epoch,
      weights: weights[epoch].map((layer) => layer.map((w) => w.data as Float32Array)),
      values: { loss: losses[epoch - 1] ?? NaN },
    });
  }
  sink.close();
  return openReplay(storage.open("imported"));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
