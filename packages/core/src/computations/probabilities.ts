import { isAllFinite, ndarray, type NdArray, type ProbabilityHistogramFrame } from "@deepreplay/frames";
import { inScope } from "../engine/read.js";
import type { EpochRange, Replay } from "../replay.js";
import { Stack } from "../stack.js";
import { predictedClasses } from "../targets.js";
import { divergenceNote, eachEpoch } from "./epochs.js";

/** The original's ProbHistogramData. */
export interface ProbabilityData {
  epochs: number[];
  /** Model outputs: [epochs, samples, units]. */
  prob: NdArray;
  /** Targets as recorded. */
  target: NdArray;
}

/** Model outputs for every input, one epoch at a time (the original's `predict_proba`). */
function outputsPerEpoch(replay: Replay, epochs: readonly number[]) {
  return eachEpoch(replay, epochs, (network, { x }, epoch) => ({
    epoch,
    network,
    outputs: inScope(() => network.forward(x).output.dataSync() as Float32Array),
  }));
}

/** The original's `predict_proba`: [epochs, samples, units]. */
export function predictProba(replay: Replay, range: EpochRange = {}): NdArray {
  const epochs = replay.epochs(range);
  const stack = new Stack(epochs.length);
  for (const { outputs } of outputsPerEpoch(replay, epochs)) stack.push(outputs, [replay.samples, replay.outputUnits]);
  return stack.toNdArray();
}

/**
 * Probability histogram frames: P(positive class) for one sigmoid unit, else the probability of each
 * input's own target class; with the correctness of each prediction.
 */
export function probabilityHistogramFrames(
  replay: Replay,
  range: EpochRange = {},
): Generator<ProbabilityHistogramFrame, void, undefined> {
  const epochs = replay.epochs(range);
  replay.requireClassifier();
  const [targets, classes] = [replay.targetClasses, replay.classNames];
  return (function* () {
    const units = replay.outputUnits;
    for (const { epoch, network, outputs } of outputsPerEpoch(replay, epochs)) {
      const predicted = predictedClasses(outputs, units);
      const probabilities = units === 1 ? outputs : Float32Array.from(targets, (c, i) => outputs[i * units + c]);
      const finite = network.finite && isAllFinite(outputs);
      yield {
        kind: "probability-histogram",
        epoch,
        finite,
        ...(finite ? {} : { note: divergenceNote(network, epoch) }),
        classes,
        probabilities,
        targets,
        correct: Uint8Array.from(targets, (c, i) => Number(predicted[i] === c)),
      };
    }
  })();
}

export function probabilityHistogramData(replay: Replay, range: EpochRange = {}): ProbabilityData {
  replay.requireClassifier();
  return {
    epochs: replay.epochs(range),
    prob: predictProba(replay, range),
    target: ndarray(replay.targets.data, replay.targets.shape),
  };
}
