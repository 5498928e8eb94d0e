import { parabola } from "@deepreplay/datasets";
import { Hdf5Storage, Recorder } from "@deepreplay/recorder";
import type { ParabolaTraining } from "../bench/support/parabola-recording.js";
import { PARABOLA_MODEL } from "./parabola-model.js";

/**
 * Writes a training of the parabola model into an HDF5 recording with the recorder, as a training
 * script would (each epoch flushed; `afterEpoch` runs after each, to pace a live one), `group` in the file at `path`. The model description goes
 * into the group, so no model file is written.
 */
export async function writeParabolaFile(
  path: string,
  group: string,
  { weights, loss }: ParabolaTraining,
  { afterEpoch = async () => {} }: { afterEpoch?: (epoch: number) => Promise<void> } = {},
): Promise<void> {
  const { inputs, targets } = parabola();
  const recorder = new Recorder(new Hdf5Storage(path, { modelFile: false }), group);
  const epochs = weights.length - 1;
  await recorder.begin({
    inputs,
    targets,
    model: PARABOLA_MODEL,
    training: { epochs, batchSize: 100 },
    initialWeights: weights[0],
  });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    recorder.recordEpoch({ weights: weights[epoch], loss: loss[epoch - 1], metrics: { acc: Number.NaN } });
    await afterEpoch(epoch);
  }
  recorder.end();
}
