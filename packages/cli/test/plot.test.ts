import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { gifInfo, pngSize } from "../../../tools/testing/images.js";
import { deepreplay } from "./run-cli.js";

const haveFixtures = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");
const out = mkdtempSync(join(tmpdir(), "deepreplay-plot-"));

describe.runIf(haveFixtures)("deepreplay plot and animate", () => {
  it("draws the feature space of one epoch as SVG, titled with the epoch", async () => {
    const path = join(out, "fs.svg");
    const { code, stdout } = await deepreplay([
      "plot",
      REPLAY,
      "feature-space",
      "--layer",
      "hidden",
      "--epoch",
      "12",
      "--out",
      path,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${path} (1 frame)`);
    const svg = readFileSync(path, "utf8");
    expect(svg).toMatch(/^<svg[^>]*width="480"[^>]*height="400"/);
    expect(svg).toContain("Epoch: 12");
    expect(svg).toContain('class="inputs"');
  });

  it("composes several kinds into one titled PNG figure of the requested size", async () => {
    const path = join(out, "figure.png");
    const { code } = await deepreplay([
      "plot",
      REPLAY,
      "feature-space",
      "probability-histogram",
      "loss-and-metric",
      "loss-histogram",
      "--epoch",
      "20",
      "--title",
      "Sigmoid",
      "--columns",
      "3",
      "--width",
      "900",
      "--height",
      "600",
      "--out",
      path,
    ]);
    expect(code).toBe(0);
    expect(pngSize(path)).toEqual({ width: 900, height: 600 });
  });

  it("places the panels of a figure as --layout says: a letter per cell, spans as rectangles of letters", async () => {
    const path = join(out, "layout.svg");
    const { code } = await deepreplay([
      "plot",
      REPLAY,
      "feature-space",
      "loss-and-metric",
      "loss-histogram",
      "--layout",
      "aab;aac",
      "--width",
      "900",
      "--height",
      "600",
      "--out",
      path,
    ]);
    expect(code).toBe(0);
    // Cells of 900 / 3 × (600 - 40) / 2 = 300 × 280 under the 40 px heading.
    const boxes = Array.from(readFileSync(path, "utf8").matchAll(/<svg class="plot-[^"]*"[^>]*>/g), ([tag]) =>
      ["x", "y", "width", "height"].map((name) => Number(new RegExp(` ${name}="([^"]+)"`).exec(tag)![1])),
    );
    expect(boxes).toEqual([
      [0, 40, 600, 560],
      [600, 40, 300, 280],
      [600, 320, 300, 280],
    ]);

    // One kind with a layout is a figure too: the probability histogram's two panels stacked, (800 - 40) / 2 px each.
    const stacked = join(out, "stacked.svg");
    expect(
      (
        await deepreplay([
          "plot",
          REPLAY,
          "probability-histogram",
          "--layout",
          "a;b",
          "--width",
          "480",
          "--height",
          "800",
          "--out",
          stacked,
        ])
      ).code,
    ).toBe(0);
    const panels = Array.from(readFileSync(stacked, "utf8").matchAll(/<svg class="plot-[^"]*"[^>]*>/g), ([tag]) =>
      ["x", "y", "width", "height"].map((name) => Number(new RegExp(` ${name}="([^"]+)"`).exec(tag)![1])),
    );
    expect(panels).toEqual([
      [0, 40, 480, 380],
      [0, 420, 480, 380],
    ]);
  });

  it("refuses a layout that is no mosaic before reading the file, and one that does not fit the figure's panels or size", async () => {
    const notMosaic = await deepreplay([
      "plot",
      "/nonexistent.h5",
      "feature-space",
      "loss-histogram",
      "--layout",
      "ab;ba",
      "--out",
      join(out, "x.svg"),
    ]);
    expect(notMosaic.code).toBe(2);
    expect(notMosaic.stderr).toMatch(
      /^error: option '--layout <mosaic>' argument 'ab;ba' is invalid\. Invalid layout "ab;ba": the cells of panel "a" do not form a rectangle\./,
    );
    const both = await deepreplay([
      "plot",
      "/nonexistent.h5",
      "feature-space",
      "loss-histogram",
      "--layout",
      "ab",
      "--columns",
      "2",
      "--out",
      join(out, "x.svg"),
    ]);
    expect(both.code).toBe(2);
    const fewer = await deepreplay([
      "plot",
      REPLAY,
      "feature-space",
      "probability-histogram",
      "--layout",
      "ab",
      "--out",
      join(out, "x.svg"),
    ]);
    expect(fewer.code).toBe(1);
    expect(fewer.stderr).toContain("it places 2 panels, but the figure draws 3");
    const small = await deepreplay([
      "plot",
      REPLAY,
      "feature-space",
      "loss-histogram",
      "--width",
      "399",
      "--out",
      join(out, "x.svg"),
    ]);
    expect(small.code).toBe(1);
    expect(small.stderr).toContain("Give a width of at least 400");
  });

  it("animates a range of epochs into a GIF, one frame per epoch", async () => {
    const path = join(out, "probabilities.gif");
    const { code } = await deepreplay([
      "animate",
      REPLAY,
      "probability-histogram",
      "--epochs",
      "3..7",
      "--fps",
      "10",
      "--out",
      path,
    ]);
    expect(code).toBe(0);
    const gif = gifInfo(path);
    expect(gif.frames).toBe(5);
    expect(gif.delays).toEqual([10, 10, 10, 10, 10]);
  });

  it("refuses an output it cannot write and a range outside the recording", async () => {
    const wrongExtension = await deepreplay(["plot", REPLAY, "weights", "--out", join(out, "w.gif")]);
    expect(wrongExtension.code).toBe(2);
    expect(wrongExtension.stderr).toBe(
      `error: Cannot write "${join(out, "w.gif")}" here. --out must end in .svg, .png.\n`,
    );

    const nowhere = await deepreplay(["plot", REPLAY, "weights", "--out", "/nonexistent/folder/w.png"]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toBe(
      'error: Cannot write "/nonexistent/folder/w.png": the folder /nonexistent/folder does not exist. Choose a file path in an existing folder you can write to.\n',
    );

    const outside = await deepreplay(["animate", REPLAY, "weights", "--epochs", "15..30", "--out", join(out, "w.gif")]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe(
      "error: Epochs 15..30 are outside the recording, which has epochs 0..20. Pass --epochs within 0..20.\n",
    );
  });
});
