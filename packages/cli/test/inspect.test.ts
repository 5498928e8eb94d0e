import { describe, expect, it } from "vitest";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { deepreplay } from "./run-cli.js";

const haveFixtures = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");

describe.runIf(haveFixtures)("deepreplay inspect", () => {
  it("describes the Python recording: epochs, layers with shapes and activations, metrics", async () => {
    const { code, stdout, stderr } = await deepreplay(["inspect", REPLAY]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("group part1_activation_functions");
    expect(stdout).toContain("samples   2000, batch size 16 (125 batches per epoch)");
    expect(stdout).toContain("epochs    20 recorded, 20 completed");
    expect(stdout).toContain("loss binary_crossentropy, optimizer SGD (lr 0.05)");
    expect(stdout).toMatch(/0 hidden\s+Dense → \(2\)\s+weights \(2, 2\) \(2\)\s+activation sigmoid/);
    expect(stdout).toMatch(/1 output\s+Dense → \(1\)\s+weights \(2, 1\) \(1\)\s+activation sigmoid/);
    expect(stdout).toContain("metrics   acc");
  });

  it("prints the same as JSON", async () => {
    const { code, stdout } = await deepreplay(["inspect", REPLAY, "--json"]);
    expect(code).toBe(0);
    const { groups } = JSON.parse(stdout);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      group: "part1_activation_functions",
      samples: 2000,
      batchSize: 16,
      batchesPerEpoch: 125,
      epochs: { recorded: 20, completed: 20 },
      inputShape: [2],
      loss: "binary_crossentropy",
      optimizer: { name: "SGD", learningRate: 0.05 },
      metrics: ["acc"],
      layers: [
        {
          index: 0,
          name: "hidden",
          kind: "Dense",
          outputShape: [2],
          weightShapes: [[2, 2], [2]],
          activation: "sigmoid",
        },
        {
          index: 1,
          name: "output",
          kind: "Dense",
          outputShape: [1],
          weightShapes: [[2, 1], [1]],
          activation: "sigmoid",
        },
      ],
    });
  });
});
