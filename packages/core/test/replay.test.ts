import { describe, expect, it } from "vitest";
import { isDeepReplayError, ndarray, type LayerSpec } from "@deepreplay/frames";
import { lossAndMetricData, lossHistogramData, toPlain } from "@deepreplay/core";
import { array, replayOf, thrown } from "./helpers.js";

const layers: LayerSpec[] = [{ kind: "Dense", name: "out", units: 1, activation: "sigmoid", useBias: true }];
const recording = {
  layers,
  inputs: array([
    [0, 1],
    [1, 0],
  ]),
  targets: array([[0], [1]]),
  weights: [0, 1, 2].map((e) => [[array([[e], [-e]]), array([0])]]),
  series: { loss: Float32Array.of(0.6, 0.5), lr: Float32Array.of(0.1, 0.05), acc: Float32Array.of(0.5, 1) },
};

describe("Replay", () => {
  it("reads the recorded series: training loss, learning rate, metrics; zeros for a metric never recorded", async () => {
    const replay = await replayOf(recording);
    expect(Array.from(replay.trainingLoss())).toEqual([0.6, 0.5].map(Math.fround));
    expect(Array.from(replay.learningRate())).toEqual([0.1, 0.05].map(Math.fround));
    expect(Array.from(replay.trainingMetric("acc"))).toEqual([0.5, 1]);
    expect(Array.from(replay.trainingMetric("mse"))).toEqual([0, 0]);
    expect(replay.lastEpoch).toBe(2);
    expect(replay.epochs({ epochStart: 1 })).toEqual([1, 2]);
    expect(replay.epochs({ epochEnd: -1 })).toEqual([0, 1, 2]);
  });

  it("refuses a metric it cannot recompute, listing those it can", async () => {
    const replay = await replayOf(recording);
    const caught = thrown(() => lossAndMetricData(replay, { metric: "auc" }));
    expect(isDeepReplayError(caught, "UNSUPPORTED_METRIC")).toBe(true);
    expect((caught as { hint: string }).hint).toMatch(/loss, acc, accuracy/);
    expect(Array.from(lossAndMetricData(replay, { metric: "loss" }).metric)).toEqual(
      Array.from(lossAndMetricData(replay).loss),
    );
  });

  it("materialised data turn into plain nested arrays for JSON", async () => {
    const data = lossHistogramData(await replayOf(recording), { epochStart: 0, epochEnd: 1 });
    const plain = toPlain(data) as { epochs: number[]; loss: number[][] };
    expect(plain.epochs).toEqual([0, 1]);
    expect(plain.loss).toHaveLength(2);
    expect(plain.loss[0]).toHaveLength(2);
    expect(plain.loss[0][0]).toBeCloseTo(Math.log(2), 6);
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
    expect(toPlain({ a: ndarray(Float32Array.of(1, 2, 3, 4), [2, 2]), b: Int32Array.of(5), c: "x" })).toEqual({
      a: [
        [1, 2],
        [3, 4],
      ],
      b: [5],
      c: "x",
    });
  });

  it("refuses recordings whose arrays do not fit the model, saying which", async () => {
    const badKernel = {
      ...recording,
      weights: [
        [
          [
            array([
              [1, 2],
              [3, 4],
            ]),
            array([0]),
          ],
        ],
      ],
    };
    const replay = await replayOf(badKernel);
    expect(
      isDeepReplayError(
        thrown(() => lossHistogramData(replay)),
        "WEIGHTS_MISMATCH",
      ),
    ).toBe(true);
    expect(() => lossHistogramData(replay)).toThrowError(
      /layer "out" \(Dense\) holds \[2, 2\] \[1\], expected \[2, 1\] \[1\]/,
    );
    await expect(replayOf({ ...recording, targets: array([[0], [1], [1]]) })).rejects.toThrowError(
      /2 inputs but 3 targets/,
    );
    await expect(replayOf({ ...recording, targets: array([[0], [7]]) })).rejects.toSatisfy((error) =>
      isDeepReplayError(error, "INVALID_TARGETS"),
    );
  });
});
