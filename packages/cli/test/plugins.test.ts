import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerRenderer, type LossHistogramFrame, type RendererPlugin } from "@deepreplay/frames";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { run } from "../src/index.js";

const haveFixtures = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");
const out = mkdtempSync(join(tmpdir(), "deepreplay-plugins-"));

/** A custom "svg" plugin for loss histograms: a magenta square, marked with the frame's epoch and input count. */
const magenta: RendererPlugin<"loss-histogram", string> = {
  name: "test:magenta-losses",
  format: "svg",
  kinds: ["loss-histogram"],
  render: (frame: LossHistogramFrame, { width = 300, height = 300 } = {}) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" class="magenta-losses" data-epoch="${frame.epoch}" data-inputs="${frame.losses.length}"><rect width="${width}" height="${height}" fill="#ff00ff"/></svg>`,
};

async function deepreplay(...args: string[]): Promise<number> {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  return run(args, { stdout: sink, stderr: process.stderr } as never);
}

/** The RGBA of the pixel at (x, y) of a PNG file. */
function pixel(path: string, x: number, y: number): number[] {
  const { width, data, channels } = decode(readFileSync(path));
  const at = (y * width + x) * channels;
  return Array.from(data.slice(at, at + channels));
}

describe.runIf(haveFixtures)("a custom svg plugin registered for a kind", () => {
  let unregister: () => void;
  beforeAll(() => {
    unregister = registerRenderer(magenta);
  });
  afterAll(() => unregister());

  it("draws that kind in plot's SVG and PNG, alone and composed into a figure", async () => {
    const svg = join(out, "losses.svg");
    expect(await deepreplay("plot", REPLAY, "loss-histogram", "--epoch", "7", "--out", svg)).toBe(0);
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg[^>]*class="magenta-losses" data-epoch="7" data-inputs="2000"/);

    const png = join(out, "losses.png");
    expect(
      await deepreplay(
        "plot",
        REPLAY,
        "loss-histogram",
        "--epoch",
        "7",
        "--width",
        "400",
        "--height",
        "300",
        "--out",
        png,
      ),
    ).toBe(0);
    expect(pixel(png, 200, 150)).toEqual([255, 0, 255, 255]);

    // A figure: the loss histogram (panel b) in its cells by the plugin, the loss and metric by render-svg.
    const figure = join(out, "figure.svg");
    expect(
      await deepreplay(
        "plot",
        REPLAY,
        "loss-and-metric",
        "loss-histogram",
        "--epoch",
        "7",
        "--layout",
        "ab",
        "--width",
        "800",
        "--height",
        "440",
        "--out",
        figure,
      ),
    ).toBe(0);
    const markup = readFileSync(figure, "utf8");
    const placed = markup.match(/<svg[^>]*class="magenta-losses"[^>]*>/g) ?? [];
    expect(placed).toHaveLength(1);
    // Its cell: the right half under the 40 px heading.
    const box = ["x", "y", "width", "height"].map((name) =>
      Number(new RegExp(` ${name}="([^"]+)"`).exec(placed[0] ?? "")?.[1]),
    );
    expect(box).toEqual([400, 40, 400, 400]);
    expect(markup).toMatch(/class="heading"[^>]*><text[^>]*>acc \/ Loss</);

    const figurePng = join(out, "figure.png");
    expect(
      await deepreplay(
        "plot",
        REPLAY,
        "loss-and-metric",
        "loss-histogram",
        "--epoch",
        "7",
        "--layout",
        "ab",
        "--width",
        "800",
        "--height",
        "440",
        "--out",
        figurePng,
      ),
    ).toBe(0);
    expect(pixel(figurePng, 600, 240)).toEqual([255, 0, 255, 255]);
    expect(pixel(figurePng, 200, 240)).not.toEqual([255, 0, 255, 255]);
  });

  it("is no longer used once unregistered", async () => {
    unregister();
    const svg = join(out, "restored.svg");
    expect(await deepreplay("plot", REPLAY, "loss-histogram", "--epoch", "7", "--out", svg)).toBe(0);
    expect(readFileSync(svg, "utf8")).not.toContain("magenta-losses");
    expect(readFileSync(svg, "utf8")).toContain("Losses");
  });
});
