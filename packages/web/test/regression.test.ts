import { describe, expect, it } from "vitest";
import { ndarray, type ModelDescription, type RecordingSource } from "@deepreplay/frames";
import { openReplay } from "@deepreplay/core";
import { PANEL_KINDS } from "../src/app/protocol.js";
import { COMPUTATIONS } from "../src/worker/computations.js";

/** A regression run in the web app: the panels that draw classes are listed as unavailable, the others computed. */

function regressionSource(): RecordingSource {
  const model: ModelDescription = {
    inputShape: [2],
    layers: [
      { kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true },
      { kind: "Dense", name: "value", units: 1, activation: "linear", useBias: true },
    ],
    loss: "mean_squared_error",
    metrics: ["mae"],
  };
  const weights = [
    [ndarray(Float32Array.of(0.5, -0.3, 0.2, 0.8), [2, 2]), ndarray(Float32Array.of(0.1, -0.1), [2])],
    [ndarray(Float32Array.of(1.2, 0.4), [2, 1]), ndarray(Float32Array.of(0.3), [1])],
  ];
  return {
    info: {
      group: "regression",
      samples: 4,
      batchSize: 4,
      nBatches: 1,
      nEpochs: 1,
      completedEpochs: 1,
      nLayers: 2,
      activationFunctions: [],
      series: [],
      model,
    },
    inputs: () => ndarray(Float64Array.of(0, 1, 1, 0, -1, 2, 0.5, -0.5), [4, 2]),
    targets: () => ndarray(Float64Array.of(2.5, -1, 7, 0.25), [4, 1]),
    weights: () => weights,
    series: () => new Float32Array(1),
  };
}

describe("a regression run in the web app", () => {
  it("lists feature space, decision boundary and probability histogram as unavailable, naming the loss; computes the rest", async () => {
    const replay = await openReplay(regressionSource());
    const run = { replay, once: new Map() };
    const unavailable = Object.fromEntries(
      PANEL_KINDS.flatMap((kind) => {
        const reason = COMPUTATIONS[kind].unavailable(replay);
        return reason ? [[kind, reason]] : [];
      }),
    );
    const { "loss-landscape": landscape, ...classPanels } = unavailable;
    expect(Object.keys(classPanels).sort()).toEqual(["decision-boundary", "feature-space", "probability-histogram"]);
    for (const reason of Object.values(classPanels)) expect(reason).toContain("mean_squared_error");
    // A run of 2 epochs has too few for a loss landscape, regression or not.
    expect(landscape).toMatch(/at least 3 epochs/);
    const loss = COMPUTATIONS["loss-histogram"].frame(run, 1, { kind: "loss-histogram" });
    expect(loss.frame.kind).toBe("loss-histogram");
  });
});
