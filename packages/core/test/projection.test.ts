import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordingSource } from "@deepreplay/frames";
import { openRecording, type HdfRecording } from "@deepreplay/recorder";
import { featureSpaceData, featureSpaceFrames, fitProjection, openReplay, type Replay } from "@deepreplay/core";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { thrown } from "./helpers.js";
import { dot, covariance, forwardRow, meanOf, powerEigen, rowsOf, signed, trace } from "./reference-math.js";
import { recordWideRun } from "./wide-run.js";

const have = requirePythonFixtures();

/** The PCA the issue defines, in float64: every input's layer output at every epoch, stacked, centred, the two leading eigenvectors of the covariance. */
function referencePca(source: RecordingSource, layer: number, epochs: number[]) {
  const x = rowsOf(source.inputs().data, source.inputs().shape[1]);
  const stacked = epochs.flatMap((epoch) => {
    const weights = source.weights(epoch);
    return x.map((row) => forwardRow(source.info.model.layers, weights, row, layer));
  });
  const cov = covariance(stacked);
  const { values, vectors } = powerEigen(cov, 2);
  return { mean: meanOf(stacked), components: vectors.map(signed), explained: values.map((v) => v / trace(cov)) };
}

function expectMatchesReference(replay: Replay, source: RecordingSource, layerName: string, tolerance: number) {
  const layer = replay.layerIndex(layerName);
  const epochs = replay.epochs();
  const projection = fitProjection(replay, layerName);
  const reference = referencePca(source, layer, epochs);
  const units = replay.widths[layer];
  expect(projection.epochs).toEqual(epochs);
  expect(Array.from(projection.mean)).toEqual(reference.mean.map((v) => expect.closeTo(v, 6)));
  for (const k of [0, 1]) {
    const column = Array.from({ length: units }, (_, i) => projection.components[2 * i + k]);
    column.forEach((v, i) =>
      expect(Math.abs(v - reference.components[k][i]), `component ${k + 1}, unit ${i}`).toBeLessThan(tolerance),
    );
    // The sign convention: the largest-magnitude entry is positive.
    const largest = column.reduce((best, v, i) => (Math.abs(v) > Math.abs(column[best]) ? i : best), 0);
    expect(column[largest]).toBeGreaterThan(0);
    expect(projection.explained[k]).toBeCloseTo(reference.explained[k], 5);
  }
}

describe.skipIf(!have)("the principal components of layer hidden of Python deepreplay's recording", () => {
  let recording: HdfRecording;
  let replay: Replay;
  beforeAll(async () => {
    recording = await openRecording(fixturePath("hyperparms_in_action.h5"), "part1_activation_functions");
    replay = await openReplay(recording);
  });
  afterAll(() => recording?.close());

  it("are the covariance's leading eigenvectors over all 21 epochs stacked, with the stated signs and variance ratios", () => {
    expectMatchesReference(replay, recording, "hidden", 1e-4);
  });

  it("refuse a layer of one unit with a typed error", () => {
    expect(thrown(() => fitProjection(replay, "output"))).toMatchObject({ code: "PROJECTION_NEEDS_2_UNITS" });
  });
});

/** (a − μ)P for one output row, with the reference's components. */
const projectRow = (row: number[], reference: ReturnType<typeof referencePca>) => {
  const centred = row.map((v, i) => v - reference.mean[i]);
  return reference.components.map((component) => dot(centred, component));
};

describe.skipIf(!have)("the feature space of layer hidden projected onto its principal components", () => {
  let recording: HdfRecording;
  let replay: Replay;
  beforeAll(async () => {
    recording = await openRecording(fixturePath("hyperparms_in_action.h5"), "part1_activation_functions");
    replay = await openReplay(recording);
  });
  afterAll(() => recording?.close());

  it("draws (A_e − μ)P of the inputs and of the bent grid lines, with the projection, each input's predicted class and no regions", () => {
    // One projection for the range asked for, epochs 9 and 10.
    const reference = referencePca(recording, 0, [9, 10]);
    const frames = [
      ...featureSpaceFrames(replay, {
        layer: "hidden",
        projection: "pca",
        sortByTarget: false,
        epochStart: 9,
        epochEnd: 10,
      }),
    ];
    const frame = frames[1];
    expect(frame.epoch).toBe(10);
    const weights = recording.weights(10);
    const layers = recording.info.model.layers;
    const x = rowsOf(recording.inputs().data, 2);
    for (const i of [0, 1, 2, 500, 1999]) {
      const [px, py] = projectRow(forwardRow(layers, weights, x[i], 0), reference);
      expect(frame.inputs.points[2 * i]).toBeCloseTo(px, 4);
      expect(frame.inputs.points[2 * i + 1]).toBeCloseTo(py, 4);
      expect(frame.inputs.predicted![i]).toBe(forwardRow(layers, weights, x[i])[0] > 0.5 ? 1 : 0);
    }
    const grid = frame.grid!;
    expect(grid.lines).toBe(22);
    // Grid line 3 is the vertical line x = -1 + 3 · 0.2, its point 400 at y = -1 + 400 · 2/999.
    const at = 3 * grid.pointsPerLine + 400;
    const [gx, gy] = projectRow(forwardRow(layers, weights, [-1 + 3 * 0.2, -1 + (400 * 2) / 999], 0), reference);
    expect(grid.points[2 * at]).toBeCloseTo(gx, 4);
    expect(grid.points[2 * at + 1]).toBeCloseTo(gy, 4);
    expect(frame.regions).toEqual([]);
    expect(frame.contour).toBeUndefined();
    expect(frame.projection!.method).toBe("pca");
    expect(Array.from(frame.projection!.explained)).toEqual(reference.explained.map((r) => expect.closeTo(r, 5)));
    expect(frame.note).toContain("no decision regions");
    expect(frames[0].projection).toEqual(frame.projection);
  });
});

describe("the principal components of wider layers, on a run recorded here", () => {
  let source: RecordingSource;
  let replay: Replay;
  beforeAll(async () => {
    source = await recordWideRun();
    replay = await openReplay(source);
  });

  it.each(["wide", "narrow"])("match the reference PCA of layer %s", (layer) => {
    expectMatchesReference(replay, source, layer, 1e-4);
  });

  it("are the default for a layer of more than 2 units; the data adds the projection to the original's keys", () => {
    const data = featureSpaceData(replay, { layer: "wide", sortByTarget: false, epochStart: 2, epochEnd: 4 });
    const reference = referencePca(source, 0, [2, 3, 4]);
    expect(data.projection!.components.shape).toEqual([6, 2]);
    expect(Array.from(data.projection!.mean)).toEqual(reference.mean.map((v) => expect.closeTo(v, 5)));
    const x = rowsOf(source.inputs().data, 2);
    const weights = source.weights(4);
    const n = x.length;
    for (const i of [0, 77, n - 1]) {
      const [px, py] = projectRow(forwardRow(source.info.model.layers, weights, x[i], 0), reference);
      expect(data.bentInputs.data[2 * (2 * n + i)]).toBeCloseTo(px, 4);
      expect(data.bentInputs.data[2 * (2 * n + i) + 1]).toBeCloseTo(py, 4);
    }
  });

  it("are refused for a wider layer only when asked for no projection", () => {
    expect(thrown(() => featureSpaceFrames(replay, { layer: "wide", projection: "none" }))).toMatchObject({
      code: "FEATURE_SPACE_NEEDS_2_UNITS",
    });
    expect(thrown(() => featureSpaceFrames(replay, { layer: "wide", projection: "tsne" as "pca" }))).toMatchObject({
      code: "INVALID_OPTION",
    });
  });

  it("fit only the range asked for", () => {
    const late = fitProjection(replay, "wide", { epochStart: 3 });
    const reference = referencePca(source, 0, [3, 4, 5, 6]);
    expect(late.epochs).toEqual([3, 4, 5, 6]);
    expect(late.explained[0]).toBeCloseTo(reference.explained[0], 5);
  });
});
