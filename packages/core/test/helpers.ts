import { ndarray, type LayerSpec, type ModelDescription, type NdArray, type RecordingSource } from "@deepreplay/frames";
import { openReplay, type Replay } from "@deepreplay/core";

/** Row-major array of the given shape from nested numbers. */
export function array(values: number[] | number[][], shape?: number[]): NdArray {
  const flat = values.flat();
  return ndarray(
    Float64Array.from(flat),
    shape ?? (Array.isArray(values[0]) ? [values.length, (values[0] as number[]).length] : [values.length]),
  );
}

export interface MemoryRecording {
  layers: LayerSpec[];
  inputs: NdArray;
  targets: NdArray;
  /** Weights per epoch (epoch 0 first), per layer. */
  weights: NdArray[][][];
  loss?: string;
  metrics?: string[];
  series?: Record<string, Float32Array>;
}

/** A RecordingSource over arrays in memory, for replaying small hand-made networks. */
export function memorySource({
  layers,
  inputs,
  targets,
  weights,
  loss = "binary_crossentropy",
  metrics = ["acc"],
  series = {},
}: MemoryRecording): RecordingSource {
  const model: ModelDescription = { inputShape: inputs.shape.slice(1), layers, loss, metrics };
  const nEpochs = weights.length - 1;
  return {
    info: {
      group: "memory",
      samples: inputs.shape[0],
      batchSize: inputs.shape[0],
      nBatches: 1,
      nEpochs,
      completedEpochs: nEpochs,
      nLayers: layers.length,
      activationFunctions: [],
      series: Object.keys(series),
      model,
    },
    inputs: () => inputs,
    targets: () => targets,
    weights: (epoch) => weights[epoch],
    series: (name) => series[name],
  };
}

export function replayOf(recording: MemoryRecording): Promise<Replay> {
  return openReplay(memorySource(recording));
}

// Independent float64 reference math for the tests.
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** x·W + b for one row, W given as rows of the kernel ([in][out]). */
export function affine(
  x: readonly number[],
  kernel: readonly (readonly number[])[],
  bias?: readonly number[],
): number[] {
  return kernel[0].map((_, j) => x.reduce((sum, xi, i) => sum + xi * kernel[i][j], bias ? bias[j] : 0));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** What `run` throws (undefined when it returns). */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
