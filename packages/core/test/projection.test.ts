import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordingSource } from "@deepreplay/frames";
import { openRecording, type HdfRecording } from "@deepreplay/recorder";
import { fitProjection, openReplay, type Replay } from "@deepreplay/core";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { thrown } from "./helpers.js";
import { covariance, forwardRow, meanOf, powerEigen, rowsOf, signed, trace } from "./reference-math.js";
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
    column.forEach((v, i) => expect(Math.abs(v - reference.components[k][i]), `component ${k + 1}, unit ${i}`).toBeLessThan(tolerance));
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

  it("fit only the range asked for", () => {
    const late = fitProjection(replay, "wide", { epochStart: 3 });
    const reference = referencePca(source, 0, [3, 4, 5, 6]);
    expect(late.epochs).toEqual([3, 4, 5, 6]);
    expect(late.explained[0]).toBeCloseTo(reference.explained[0], 5);
  });
});
