import { once } from "node:events";
import type { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { isDeepReplayError, type LayerSpec, type NdArray, type SampledContour, type SpaceFrame } from "@deepreplay/frames";
import { decisionBoundaryFrames, featureSpaceFrames, type Replay } from "@deepreplay/core";
import { seededUniform } from "../../../tools/testing/random.js";
import { array, replayOf, thrown } from "./helpers.js";

const EPOCHS = 4;

/** A Dense layer's kernel and bias, uniform in ±scale. */
function dense(random: () => number, inputs: number, units: number, scale: number): NdArray[] {
  const values = (n: number) => Array.from({ length: n }, () => (2 * random() - 1) * scale);
  return [array(values(inputs * units), [inputs, units]), array(values(units))];
}

/** A 2-unit hidden layer before `output`, with random weights per epoch (boundaries that cross the grid). */
function randomReplay({ features = 2, output, seed }: { features?: number; output: LayerSpec & { kind: "Dense" }; seed: number }): Promise<Replay> {
  const random = seededUniform(seed);
  const layers: LayerSpec[] = [{ kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true }, output];
  const inputs = array(Array.from({ length: 30 }, () => Array.from({ length: features }, () => 2 * random() - 1)));
  const classes = Math.max(2, output.units);
  const targets = array(Array.from({ length: 30 }, (_, i) => (output.units === 1 ? [i % 2] : Array.from({ length: classes }, (_, k) => Number(k === i % classes)))));
  const weights = Array.from({ length: EPOCHS + 1 }, () => [dense(random, features, 2, 3), dense(random, 2, output.units, 4)]);
  return replayOf({ layers, inputs, targets, weights, loss: output.units === 1 ? "binary_crossentropy" : "categorical_crossentropy" });
}

const sigmoidOutput: LayerSpec & { kind: "Dense" } = { kind: "Dense", name: "output", units: 1, activation: "sigmoid", useBias: true };
const softmaxOutput: LayerSpec & { kind: "Dense" } = { kind: "Dense", name: "output", units: 3, activation: "softmax", useBias: true };

/**
 * Every frame's contour sampled with the worker's help, the worker started and ready first; with
 * how many jobs it was sent, and checked to be alive still (one that fails is stopped) before the
 * frames end, and gone after.
 */
async function splitContours(frames: Generator<SpaceFrame, void, undefined>): Promise<{ contours: SampledContour[]; jobs: number }> {
  const started = new Promise<Worker>((resolve) => process.once("worker", resolve));
  const first = frames.next();
  const worker = await started;
  await once(worker, "message");
  const post = vi.spyOn(worker, "postMessage");
  let alive = true;
  const exited = once(worker, "exit").then(() => (alive = false));
  const contours: SampledContour[] = [];
  for (let next = first; !next.done; next = frames.next()) {
    contours.push(next.value.contour!);
    if (contours.length === EPOCHS + 1) {
      await new Promise(setImmediate);
      expect(alive, "the worker failed a job").toBe(true);
    }
  }
  await exited;
  return { contours, jobs: post.mock.calls.length };
}

/** The same frames' contours, sampled on this thread alone. */
const singleContours = (frames: Generator<SpaceFrame, void, undefined>): SampledContour[] => Array.from(frames, (frame) => frame.contour!);

const bytes = (a: Float32Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The same contours bit for bit (NaN included). */
function expectSameContours(split: SampledContour[], single: SampledContour[]): void {
  expect(split.length).toBe(single.length);
  split.forEach((contour, i) => {
    expect(contour.size).toBe(single[i].size);
    expect(bytes(contour.points).equals(bytes(single[i].points)), `points of frame ${i}`).toBe(true);
    expect(bytes(contour.prediction).equals(bytes(single[i].prediction)), `prediction of frame ${i}`).toBe(true);
  });
}

describe("contours sampled with a worker thread (contourThreads: 1)", () => {
  // 200 × 200: rows of 200 points, and halves under the 32 768 rows from which the engine widens
  // its matMul (the whole grid is widened), so the two ways of computing meet too.
  for (const [name, output, contourPoints] of [
    ["one sigmoid unit", sigmoidOutput, 200],
    ["three softmax units", softmaxOutput, 200],
    ["one sigmoid unit, widened halves", sigmoidOutput, 256],
  ] as const) {
    it(`equal the single-threaded contours bit for bit: bent feature space, ${name} (${contourPoints}²)`, async () => {
      const replay = await randomReplay({ output, seed: contourPoints + output.units });
      const options = { layer: "hidden", contourPoints, regions: false };
      const { contours, jobs } = await splitContours(featureSpaceFrames(replay, { ...options, contourThreads: 1 }));
      expect(jobs).toBe(EPOCHS + 1);
      expectSameContours(contours, singleContours(featureSpaceFrames(replay, { ...options, contourThreads: 0 })));
      // Not the regular grid: bent through the layer.
      expect(contours[0].points[0]).not.toBe(-1);
    });
  }

  it("equal them for a decision boundary (the points stay the regular grid)", async () => {
    const replay = await randomReplay({ output: softmaxOutput, seed: 11 });
    const options = { contourPoints: 201, regions: false };
    const { contours, jobs } = await splitContours(decisionBoundaryFrames(replay, { ...options, contourThreads: 1 }));
    expect(jobs).toBe(EPOCHS + 1);
    expectSameContours(contours, singleContours(decisionBoundaryFrames(replay, { ...options, contourThreads: 0 })));
    expect(new Set(contours.flatMap((c) => Array.from(c.prediction))).size).toBeGreaterThan(1);
  });

  for (const scaleFixed of [true, false]) {
    it(`equal them in the latent space of 3-D inputs (scaleFixed ${scaleFixed})`, async () => {
      const replay = await randomReplay({ features: 3, output: sigmoidOutput, seed: 5 });
      const options = { layer: "hidden", contourPoints: 150, regions: false, scaleFixed };
      const { contours, jobs } = await splitContours(featureSpaceFrames(replay, { ...options, contourThreads: 1 }));
      expect(jobs).toBe(EPOCHS + 1);
      expectSameContours(contours, singleContours(featureSpaceFrames(replay, { ...options, contourThreads: 0 })));
    });
  }

  it("equal them when weights diverge (NaN or infinite): those epochs are sampled whole, here", async () => {
    const replay = await randomReplay({ output: sigmoidOutput, seed: 3 });
    const weights = replay.source.weights.bind(replay.source);
    replay.source.weights = (epoch) => {
      const layers = weights(epoch).map((layer) => layer.map((w) => ({ data: Float64Array.from(w.data), shape: w.shape })));
      if (epoch === 2) layers[0][0].data[1] = NaN;
      if (epoch === 3) layers[1][0].data[0] = Infinity;
      return layers;
    };
    const options = { layer: "hidden", contourPoints: 200, regions: false };
    const { contours, jobs } = await splitContours(featureSpaceFrames(replay, { ...options, contourThreads: 1 }));
    expect(jobs).toBe(EPOCHS + 1 - 2);
    expectSameContours(contours, singleContours(featureSpaceFrames(replay, { ...options, contourThreads: 0 })));
    // The NaN kernel entry feeds the hidden layer's second unit: every point's y.
    expect(Number.isNaN(contours[2].points[1]) && Number.isNaN(contours[2].points[2 * 199 + 1])).toBe(true);
  });

  it("are sampled here, the same, while the worker is still starting", async () => {
    const replay = await randomReplay({ output: sigmoidOutput, seed: 7 });
    const options = { layer: "hidden", contourPoints: 200, regions: false };
    const started = new Promise<Worker>((resolve) => process.once("worker", resolve));
    const frames = featureSpaceFrames(replay, { ...options, contourThreads: 1 });
    const first = frames.next().value!;
    // Node announces a worker on the next tick, long before it has loaded tfjs and WASM.
    const post = vi.spyOn(await started, "postMessage");
    const contours = [first.contour!, ...singleContours(frames)];
    expect(post).not.toHaveBeenCalled();
    expectSameContours(contours, singleContours(featureSpaceFrames(replay, { ...options, contourThreads: 0 })));
  });

  it("end their worker when the frames are left early, and contours read later are sampled here", async () => {
    const replay = await randomReplay({ output: sigmoidOutput, seed: 9 });
    const started = new Promise<Worker>((resolve) => process.once("worker", resolve));
    const frames = featureSpaceFrames(replay, { layer: "hidden", contourPoints: 200, regions: false, contourThreads: 1 });
    const [first, second] = [frames.next().value!, frames.next().value!];
    const worker = await started;
    await once(worker, "message");
    void first.contour;
    const exited = once(worker, "exit");
    frames.return();
    // The test would time out if the worker outlived its frames.
    await exited;
    const single = singleContours(featureSpaceFrames(replay, { layer: "hidden", contourPoints: 200, regions: false, contourThreads: 0 }));
    expectSameContours([first.contour!, second.contour!], single.slice(0, 2));
  });

  it("refuse another number of threads", async () => {
    const replay = await randomReplay({ output: sigmoidOutput, seed: 1 });
    const caught = thrown(() => featureSpaceFrames(replay, { layer: "hidden", contourThreads: 2 as 1 }));
    expect(isDeepReplayError(caught, "INVALID_OPTION")).toBe(true);
  });
});
