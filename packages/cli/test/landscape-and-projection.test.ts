import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { gifInfo, pngSize, probeVideo } from "../../../tools/testing/images.js";
import { deepreplay } from "./run-cli.js";

const haveFixtures = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");
const out = mkdtempSync(join(tmpdir(), "deepreplay-beyond-"));

describe.runIf(haveFixtures)("deepreplay's loss landscape and projected feature space", () => {
  it("prints the landscape's data under exactly the issue's keys: a K × K loss, one row per b", async () => {
    const { code, stdout } = await deepreplay([
      "data",
      REPLAY,
      "loss-landscape",
      "--landscape-points",
      "7",
      "--epochs",
      "2..20",
    ]);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(Object.keys(data).sort()).toEqual(["a", "b", "epochs", "explained", "loss", "trajectory"]);
    expect(data.epochs).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
    expect(data.trajectory).toHaveLength(19);
    // The last epoch is the plane's origin.
    expect(data.trajectory.at(-1)).toEqual([0, 0]);
    expect([data.a.length, data.b.length, data.loss.length, data.loss[0].length]).toEqual([7, 7, 7, 7]);
    expect(data.explained[0] + data.explained[1]).toBeLessThanOrEqual(1 + 1e-9);
    expect(data.explained[0]).toBeGreaterThan(data.explained[1]);
  });

  it("refuses a range of fewer than 3 epochs in one line, exit 1", async () => {
    const { code, stderr } = await deepreplay(["data", REPLAY, "loss-landscape", "--epochs", "19..20"]);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")[0]).toMatch(/^error: A loss landscape needs a range of at least 3 epochs/);
  });

  it("adds the projection to the feature space's data with --projection pca", async () => {
    const { code, stdout } = await deepreplay([
      "data",
      REPLAY,
      "feature-space",
      "--layer",
      "hidden",
      "--projection",
      "pca",
      "--epochs",
      "0..3",
    ]);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(["epochs", "grid", "inputs", "bentGrid", "bentInputs", "target", "projection"]),
    );
    expect(Object.keys(data.projection).sort()).toEqual(["components", "explained", "mean"]);
    expect(data.projection.components).toHaveLength(2);
    expect(data.projection.components.every((row: number[]) => row.length === 2)).toBe(true);
    expect(data.bentInputs).toHaveLength(4);
  });

  it("draws the landscape as a still in PNG, on a log scale", async () => {
    const png = join(out, "landscape.png");
    expect(
      (await deepreplay(["plot", REPLAY, "loss-landscape", "--epoch", "10", "--landscape-scale", "log", "--out", png]))
        .code,
    ).toBe(0);
    expect(pngSize(png)).toEqual({ width: 480, height: 400 });
  });

  it("draws the landscape as a still in SVG, headed with its epoch", async () => {
    const svg = join(out, "landscape.svg");
    expect((await deepreplay(["plot", REPLAY, "loss-landscape", "--epoch", "10", "--out", svg])).code).toBe(0);
    expect(readFileSync(svg, "utf8")).toContain("Loss Landscape - Epoch: 10");
  });

  it("animates the projected feature space and the landscape composed into one GIF", { timeout: 180_000 }, async () => {
    const gif = join(out, "figure.gif");
    const args = [
      "animate",
      REPLAY,
      "feature-space",
      "loss-landscape",
      "--projection",
      "pca",
      "--epochs",
      "0..4",
      "--columns",
      "2",
      "--out",
      gif,
    ];
    const composed = await deepreplay(args, { timeout: 180_000 });
    expect(composed.code).toBe(0);
    expect(gifInfo(gif).frames).toBe(5);
  });

  it("animates the landscape into an MP4", { timeout: 180_000 }, async () => {
    const mp4 = join(out, "landscape.mp4");
    expect(
      (await deepreplay(["animate", REPLAY, "loss-landscape", "--epochs", "0..4", "--out", mp4], { timeout: 180_000 }))
        .code,
    ).toBe(0);
    expect(probeVideo(mp4).frames).toBe(5);
  });
});
