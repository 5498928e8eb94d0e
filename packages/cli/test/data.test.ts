import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { deepreplay } from "./run-cli.js";

const haveFixtures = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");
const GROUP = ["--group", "part1_activation_functions"];
const TOLERANCE = 1e-5;

type Nested = number | Nested[];

function maxAbsDifference(actual: Nested, expected: Nested): number {
  if (typeof expected === "number") return Math.abs((actual as number) - expected);
  expect((actual as Nested[]).length).toBe(expected.length);
  return expected.reduce<number>((max, e, i) => Math.max(max, maxAbsDifference((actual as Nested[])[i], e)), 0);
}

async function data(...args: string[]): Promise<Record<string, Nested>> {
  const { code, stdout, stderr } = await deepreplay(["data", REPLAY, ...GROUP, ...args]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe.runIf(haveFixtures)("deepreplay data on the Python recording", () => {
  const expected = haveFixtures ? JSON.parse(readFileSync(fixturePath("expected.json"), "utf8")) : undefined;

  it("reproduces the feature space of layer hidden: 30 contour points, epochs 2..19", async () => {
    const fs = await data("feature-space", "--layer", "hidden", "--contour-points", "30", "--epochs", "2..19");
    expect(Object.keys(fs).sort()).toEqual([
      "bentContour",
      "bentGrid",
      "bentInputs",
      "contour",
      "epochs",
      "grid",
      "inputs",
      "prediction",
      "target",
    ]);
    expect(fs.epochs).toEqual(expected.feature_space.epochs);
    expect(maxAbsDifference(fs.bentContour, expected.feature_space.bent_contour)).toBeLessThan(TOLERANCE);
    expect(fs.prediction).toEqual(expected.feature_space.prediction);
    // Epoch 10's bent grid, every 100th point of each of the 22 lines.
    const epoch10 = (fs.bentGrid as Nested[][][])[10 - 2].map((line) => line.filter((_, i) => i % 100 === 0));
    expect(maxAbsDifference(epoch10, expected.feature_space.epoch10_bent_grid_every100th_point)).toBeLessThan(
      TOLERANCE,
    );
    // Inputs come sorted by target, as the original's, with the targets beside them.
    const target = fs.target as number[];
    expect(target).toHaveLength(2000);
    expect(target.every((t, i) => i === 0 || t >= target[i - 1])).toBe(true);
  });

  it("reproduces the predicted probabilities of every epoch", async () => {
    const ph = await data("probability-histogram");
    expect(ph.epochs).toEqual(expected.predict_proba_first50.epochs);
    const first50 = (ph.prob as number[][][]).map((epoch) => epoch.slice(0, 50).map(([p]) => p));
    expect(maxAbsDifference(first50, expected.predict_proba_first50.values)).toBeLessThan(TOLERANCE);
    expect((ph.target as number[][]).length).toBe(2000);
  });

  it("reproduces the per-input losses and the loss and accuracy over all inputs", async () => {
    const lh = await data("loss-histogram", "--epochs", "2..19");
    const first10 = (lh.loss as number[][]).map((epoch) => epoch.slice(0, 10));
    expect(maxAbsDifference(first10, expected.bce_first10.values)).toBeLessThan(TOLERANCE);

    const lm = await data("loss-and-metric", "--metric", "acc");
    expect(lm.metricName).toBe("acc");
    expect(maxAbsDifference(lm.loss, expected.loss_and_acc.loss)).toBeLessThan(TOLERANCE);
    expect(maxAbsDifference(lm.metric, expected.loss_and_acc.acc)).toBeLessThan(TOLERANCE);
  });

  it("gives each layer's kernel gradients under the original's names", async () => {
    const gradients = await data("gradients", "--epochs", "0..0", "--no-exclude-outputs");
    expect(gradients.layers).toEqual(["hidden", "output"]);
    expect(gradients.selectedLayers).toEqual(["hidden", "output"]);
    const [hidden, output] = (gradients.values as Nested[][])[0];
    expect(maxAbsDifference(hidden, expected.kernel_gradients["0"].hidden)).toBeLessThan(TOLERANCE);
    expect(maxAbsDifference(output, expected.kernel_gradients["0"].output)).toBeLessThan(TOLERANCE);
  });
});
