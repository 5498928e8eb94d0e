import type * as tf from "@tensorflow/tfjs-core";
import type { SampledContour } from "@deepreplay/frames";
import type { Network } from "../engine/forward.js";
import { inScope, rows } from "../engine/read.js";
import type { Replay } from "../replay.js";
import { alternateRows, MAIN_ROWS, placeAlternateRows, rowCount, sampleContour, WORKER_ROWS, type ContourPlan, type SampledRows } from "./contour.js";
import { ContourThread } from "./contour-thread.js";

/**
 * Samples the contours of one run of frames: every row on this thread, or with a worker (once it is
 * ready) the even rows here and the odd rows there. Keeps what a contour leaves to the next, so that
 * each allocates little but its own arrays: the worker, and this thread's rows of the fixed grid on
 * the device. Close it when the frames end.
 */
export class ContourSampler {
  readonly #replay: Replay;
  readonly #plan: ContourPlan;
  readonly #size: number;
  /** The regular grid of every contour, when it is fixed (input space). */
  readonly #grid: Float32Array | undefined;
  readonly #thread: ContourThread | undefined;
  /** Rows of `#grid` on the device: all of them, or this thread's when a worker helps. */
  readonly #uploaded: { parity?: number; tensor: tf.Tensor2D } | undefined;
  /** Names the latent grids sent to the worker (0 is `#grid`). */
  #latentGrids = 0;

  constructor(replay: Replay, plan: ContourPlan, size: number, { grid, threaded = false }: { grid?: Float32Array; threaded?: boolean } = {}) {
    this.#replay = replay;
    this.#plan = plan;
    this.#size = size;
    this.#grid = grid;
    this.#thread = threaded ? ContourThread.start(replay.model, plan, rowCount(size, WORKER_ROWS) * size) : undefined;
    const parity = this.#thread ? MAIN_ROWS : undefined;
    this.#uploaded = grid && { parity, tensor: rows(parity === undefined ? grid : alternateRows(grid, 2 * size, parity), 2) };
  }

  /** One epoch's contour over the regular points `regular` (`#grid`, or a latent grid). */
  sample(epoch: number, regular: Float32Array): SampledContour {
    const size = this.#size;
    const contour = { points: this.#plan.bent ? new Float32Array(2 * size * size) : regular, size, prediction: new Int32Array(size * size) };
    const network = this.#replay.network(epoch);
    try {
      // Diverged weights are sampled in one piece: the engine's wide matMul spreads a NaN within
      // blocks of rows, so only the same rows give the same numbers.
      if (!this.#thread || !network.finite) {
        this.#sampleRows(network, regular, undefined, contour);
        return contour;
      }
      const done = this.#thread.ready ? this.#post(epoch, regular) : undefined;
      const start = performance.now();
      this.#sampleRows(network, regular, MAIN_ROWS, contour);
      const theirs = done?.(performance.now() - start);
      if (theirs) this.#place(theirs, contour, WORKER_ROWS);
      else this.#sampleRows(network, regular, WORKER_ROWS, contour);
      return contour;
    } finally {
      network.dispose();
    }
  }

  close(): void {
    this.#thread?.close();
    this.#uploaded?.tensor.dispose();
  }

  #post(epoch: number, regular: Float32Array): ReturnType<ContourThread["post"]> {
    // The worker gets its own copy of the weights: views could drag a whole buffer along.
    const weights = this.#replay.source.weights(epoch).map((layer) => layer.map(({ data, shape }) => ({ data: data.slice(), shape })));
    const gridId = regular === this.#grid ? 0 : ++this.#latentGrids;
    return this.#thread!.post(epoch, weights, gridId, () => alternateRows(regular, 2 * this.#size, WORKER_ROWS));
  }

  /** Samples the rows of one parity (all rows when undefined) into their places in `contour`. */
  #sampleRows(network: Network, regular: Float32Array, parity: number | undefined, contour: SampledRows): void {
    const size = this.#size;
    const uploaded = regular === this.#grid && this.#uploaded!.parity === parity ? this.#uploaded!.tensor : undefined;
    inScope(() => {
      const points = uploaded ?? rows(parity === undefined ? regular : alternateRows(regular, 2 * size, parity), 2);
      sampleContour(network, this.#plan, points, contour, parity === undefined ? undefined : { size, parity });
    });
  }

  /** Puts rows sampled by the worker in their places. */
  #place(rows: Required<SampledRows>, contour: SampledRows, parity: number): void {
    placeAlternateRows(rows.prediction, contour.prediction, this.#size, parity);
    if (this.#plan.bent) placeAlternateRows(rows.points, contour.points!, 2 * this.#size, parity);
  }
}
