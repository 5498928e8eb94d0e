import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NdArray, RecordingSource } from "@deepreplay/frames";
import { openRecording, type HdfRecording } from "@deepreplay/recorder";
import {
  featureSpaceFrames,
  lossLandscape,
  lossLandscapeData,
  lossLandscapeFrames,
  openReplay,
  toPlain,
  type Replay,
} from "@deepreplay/core";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { thrown } from "./helpers.js";
import { crossEntropy, dot, forwardRow, powerEigen, rowsOf, signed, trace } from "./reference-math.js";
import { DIVERGED_GROUP, FIRST_DIVERGED_EPOCH, recordDivergedRun } from "./reliability-diverged-run.js";
import { recordWideRun } from "./wide-run.js";

const have = requirePythonFixtures();

/** θ_e: every weight array of the epoch, layer by layer, array by array, each row-major, in float64. */
const flatten = (weights: NdArray[][]): number[] => weights.flat().flatMap((w) => Array.from(w.data));

/** θ cut back into the recording's arrays. */
function unflatten(theta: number[], like: NdArray[][]): NdArray[][] {
  let offset = 0;
  return like.map((layer) =>
    layer.map((w) => ({ shape: w.shape, data: Float64Array.from(theta.slice(offset, (offset += w.data.length))) })),
  );
}

/** The directions, in float64: the two leading right singular vectors of the rows θ_e − θ_last, as eigenvectors of MᵀM. */
function referenceDirections(source: RecordingSource, epochs: number[]) {
  const thetas = epochs.map((epoch) => flatten(source.weights(epoch)));
  const last = thetas[thetas.length - 1];
  const rows = thetas.map((theta) => theta.map((v, j) => v - last[j]));
  const d = last.length;
  const gram = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => rows.reduce((sum, r) => sum + r[i] * r[j], 0)),
  );
  const { values, vectors } = powerEigen(gram, 2);
  const directions = vectors.map(signed);
  return {
    last,
    directions,
    explained: values.map((v) => v / trace(gram)),
    trajectory: rows.map((r) => directions.map((dk) => dot(r, dk))),
  };
}

/** The loss over all inputs at θ, by a float64 forward pass of every input. */
function referenceLoss(source: RecordingSource, theta: number[]): number {
  const { model } = source.info;
  const weights = unflatten(theta, source.weights(0));
  const x = rowsOf(source.inputs().data, model.inputShape[0]);
  const units = source.targets().shape[1] ?? 1;
  const targets = rowsOf(source.targets().data, units);
  const kind = model.loss.startsWith("binary") ? "binary" : "categorical";
  return (
    x.reduce((sum, row, i) => sum + crossEntropy(kind, forwardRow(model.layers, weights, row), targets[i]), 0) /
    x.length
  );
}

function expectMatchesReference(replay: Replay, source: RecordingSource) {
  const epochs = replay.epochs();
  const landscape = lossLandscape(replay);
  const reference = referenceDirections(source, epochs);
  expect(landscape.reference).toBe(epochs[epochs.length - 1]);
  for (const k of [0, 1]) {
    const direction = Array.from(landscape.directions[k]);
    direction.forEach((v, j) => expect(Math.abs(v - reference.directions[k][j]), `d${k + 1}[${j}]`).toBeLessThan(1e-6));
    expect(landscape.explained[k]).toBeCloseTo(reference.explained[k], 6);
  }
  reference.trajectory.forEach(([a, b], i) => {
    expect(landscape.trajectory[2 * i]).toBeCloseTo(a, 6);
    expect(landscape.trajectory[2 * i + 1]).toBeCloseTo(b, 6);
  });
  // The grid: K = 31 evenly spaced values per axis, covering the trajectory with a quarter of its extent on each side.
  for (const [axis, values] of [landscape.a, landscape.b].entries()) {
    const along = reference.trajectory.map((point) => point[axis]);
    const [lo, hi] = [Math.min(...along), Math.max(...along)];
    expect(values).toHaveLength(31);
    expect(values[0]).toBeCloseTo(lo - 0.25 * (hi - lo), 6);
    expect(values[30]).toBeCloseTo(hi + 0.25 * (hi - lo), 6);
    expect(values[1] - values[0]).toBeCloseTo((values[30] - values[0]) / 30, 9);
  }
  // The loss at the corners, the centre and a few points between: row j is b_j, column i is a_i.
  for (const [i, j] of [
    [0, 0],
    [30, 0],
    [0, 30],
    [30, 30],
    [15, 15],
    [7, 22],
    [24, 3],
  ]) {
    const theta = reference.last.map(
      (v, n) => v + landscape.a[i] * reference.directions[0][n] + landscape.b[j] * reference.directions[1][n],
    );
    const expected = referenceLoss(source, theta);
    expect(Math.abs(landscape.loss[31 * j + i] - expected) / expected, `loss at a[${i}], b[${j}]`).toBeLessThan(1e-4);
  }
  return landscape;
}

describe.skipIf(!have)("the loss landscape of Python deepreplay's recording", () => {
  let recording: HdfRecording;
  let replay: Replay;
  beforeAll(async () => {
    recording = await openRecording(fixturePath("hyperparms_in_action.h5"), "part1_activation_functions");
    replay = await openReplay(recording);
  });
  afterAll(() => recording?.close());

  it("has the SVD directions of θ_e − θ_last, the trajectory along them, and the loss of the plane on its grid", () => {
    expectMatchesReference(replay, recording);
  });

  it("exports exactly the issue's keys, the loss as K rows (one per b) of K columns (one per a)", () => {
    const data = toPlain(lossLandscapeData(replay, { points: 5 })) as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(["a", "b", "epochs", "explained", "loss", "trajectory"]);
    expect(data.epochs).toEqual(replay.epochs());
    expect((data.trajectory as number[][]).map((point) => point.length)).toEqual(replay.epochs().map(() => 2));
    expect(data.loss as number[][]).toHaveLength(5);
    expect((data.loss as number[][]).every((row) => row.length === 5)).toBe(true);
  });

  it("gives one frame per epoch, all sharing the landscape, each marking its own epoch", () => {
    const frames = [...lossLandscapeFrames(replay, { epochStart: 5, points: 9 })];
    expect(frames.map((frame) => frame.epoch)).toEqual(replay.epochs({ epochStart: 5 }));
    const data = lossLandscapeData(replay, { epochStart: 5, points: 9 });
    expect(Array.from(frames[3].loss)).toEqual(Array.from(data.loss.data).map((v) => expect.closeTo(v, 6)));
    expect(frames[3].trajectory).toBe(frames[0].trajectory);
    expect(frames.every((frame) => frame.finite && frame.note === undefined && frame.colorScale === "linear")).toBe(
      true,
    );
  });

  it("refuses a range of fewer than 3 epochs with a one-line typed error", () => {
    const error = thrown(() => lossLandscape(replay, { epochStart: 19 })) as Error & { code: string };
    expect(error.code).toBe("LANDSCAPE_NEEDS_3_EPOCHS");
    expect(error.message).not.toContain("\n");
  });
});

describe("the loss landscape of a wider, three-class network recorded here", () => {
  it("matches the reference directions and categorical cross-entropy on the grid", async () => {
    const source = await recordWideRun();
    expectMatchesReference(await openReplay(source), source);
  });
});

describe("the loss landscape of a diverged run", () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is centred on the last epoch with finite weights; the diverged epochs have no trajectory point", async () => {
    dir = mkdtempSync(join(tmpdir(), "deepreplay-landscape-"));
    const path = join(dir, "diverged.h5");
    await recordDivergedRun(path);
    const recording = await openRecording(path, DIVERGED_GROUP);
    try {
      const landscape = lossLandscape(await openReplay(recording), { points: 7 });
      expect(landscape.reference).toBe(FIRST_DIVERGED_EPOCH - 1);
      const finite = Array.from({ length: landscape.epochs.length }, (_, i) =>
        Number.isFinite(landscape.trajectory[2 * i]),
      );
      expect(finite).toEqual(landscape.epochs.map((epoch) => epoch < FIRST_DIVERGED_EPOCH));
      expect(landscape.loss.every(Number.isFinite)).toBe(true);
      const reference = referenceDirections(recording, [0, 1, 2]);
      expect(landscape.trajectory[0]).toBeCloseTo(reference.trajectory[0][0], 6);
      // Its frames: the diverged epochs are drawn, marked non-finite, with a note; every frame says where the plane is centred.
      const frames = [...lossLandscapeFrames(await openReplay(recording), { points: 7, colorScale: "log" })];
      expect(frames.map((frame) => frame.epoch)).toEqual(landscape.epochs);
      for (const frame of frames) {
        expect(frame.finite, `epoch ${frame.epoch}`).toBe(frame.epoch < FIRST_DIVERGED_EPOCH);
        expect(frame.note).toContain(`centred on epoch ${FIRST_DIVERGED_EPOCH - 1}`);
        if (!frame.finite) expect(frame.note).toContain(`Epoch ${frame.epoch}`);
        expect(frame.colorScale).toBe("log");
      }
      // The projected feature space of the same run: the diverged epochs marked, the projection fitted on the finite ones.
      const spaces = [...featureSpaceFrames(await openReplay(recording), { layer: "hidden", projection: "pca" })];
      for (const frame of spaces) {
        expect(frame.finite, `epoch ${frame.epoch}`).toBe(frame.epoch < FIRST_DIVERGED_EPOCH);
        if (!frame.finite) expect(frame.note).toContain(`Epoch ${frame.epoch}`);
        expect(frame.projection!.explained.every(Number.isFinite)).toBe(true);
      }
    } finally {
      recording.close();
    }
  });
});
