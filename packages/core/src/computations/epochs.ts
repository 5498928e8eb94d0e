import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import type { Network } from "../engine/forward.js";
import type { Replay } from "../replay.js";

/** The recorded inputs and targets on the device, for computations over all inputs. */
export interface OnDevice {
  x: Tensor;
  targets: Tensor2D;
}

/**
 * Runs `compute` for each epoch with that epoch's network and the inputs on the device, yielding
 * one result at a time; every tensor is freed before the next epoch, and at the end.
 */
export function* eachEpoch<T>(
  replay: Replay,
  epochs: readonly number[],
  compute: (network: Network, data: OnDevice, epoch: number) => T,
): Generator<T, void, undefined> {
  const x = replay.inputTensor();
  const targets = replay.targetTensor();
  try {
    for (const epoch of epochs) {
      const network = replay.network(epoch);
      try {
        yield compute(network, { x, targets }, epoch);
      } finally {
        network.dispose();
      }
    }
  } finally {
    tf.dispose([x, targets]);
  }
}

/** The note a frame carries when its values are not finite. */
export function divergenceNote(network: Network, epoch: number): string {
  return network.finite
    ? `Epoch ${epoch}: some values overflowed to NaN or infinity.`
    : `Epoch ${epoch}: the weights hold NaN or infinite values (the run diverged).`;
}
