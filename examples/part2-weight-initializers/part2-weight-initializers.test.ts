import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listGroups } from "@deepreplay/recorder";
import { pngSize } from "../../tools/testing/images.js";
import { main } from "./main.js";

describe("example: Part 2, weight initializers", () => {
  it("records the initial state only and shows each initializer's weight scale", async () => {
    const out = mkdtempSync(join(tmpdir(), "example-part2-"));
    const { file, std } = await main({ out });
    expect(await listGroups(file)).toEqual([
      "relu_he_uniform_init",
      "sigmoid_stdev_0.01_init",
      "tanh_glorot_uniform_init",
    ]);
    for (const group of ["sigmoid_stdev_0.01", "tanh_glorot_uniform", "relu_he_uniform"]) {
      expect(pngSize(join(out, `${group}.png`))).toEqual({ width: 1200, height: 800 });
    }
    // Weight std per hidden layer h1 (fan-in 10) .. h5 (fan-in 100), against each initializer's formula.
    const expectStd = (actual: number[], expected: number[]) =>
      actual.forEach((s, i) => expect(Math.abs(s / expected[i] - 1)).toBeLessThan(0.06));
    expectStd(std["sigmoid_stdev_0.01"].weights, [0.01, 0.01, 0.01, 0.01, 0.01]);
    const glorot = (fanIn: number, fanOut: number) => Math.sqrt(2 / (fanIn + fanOut));
    expectStd(std.tanh_glorot_uniform.weights, [
      glorot(10, 100),
      glorot(100, 100),
      glorot(100, 100),
      glorot(100, 100),
      glorot(100, 100),
    ]);
    const he = (fanIn: number) => Math.sqrt(2 / fanIn);
    expectStd(std.relu_he_uniform.weights, [he(10), he(100), he(100), he(100), he(100)]);
    // The post's point: with σ = 0.01 the sigmoid block's gradients vanish; He keeps ReLU's alive
    // and its z-values at one scale through the block.
    for (const s of std["sigmoid_stdev_0.01"].gradients) expect(s).toBeLessThan(5e-4);
    for (const s of std.relu_he_uniform.gradients) expect(s).toBeGreaterThan(2e-3);
    const reluZ = std.relu_he_uniform["z-values"];
    expect(reluZ.at(-1)! / reluZ[0]).toBeGreaterThan(0.8);
  });
});
