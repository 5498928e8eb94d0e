/**
 * The replay page draws the two views beyond the original from plain frames, as render-svg does:
 * a loss landscape with its trajectory and a feature space projected on principal components.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultLayout, type FeatureSpaceFrame, type Figure, type LossLandscapeFrame } from "@deepreplay/frames";
import { renderFigureSvg } from "@deepreplay/render-svg";
import { writeReplayHtml } from "../src/index.js";
import { openFile, requireChromium, waitForEpoch, type OpenedPage } from "./helpers/browser.js";
import { summarise } from "./helpers/svg.js";

const EPOCHS = [0, 1, 2, 3, 4, 5];
const K = 21;
const axis = Float32Array.from({ length: K }, (_, i) => -1 + (2 * i) / (K - 1));
const loss = new Float32Array(K * K);
for (let j = 0; j < K; j++) for (let i = 0; i < K; i++) loss[j * K + i] = 0.05 + axis[i] ** 2 + 2 * axis[j] ** 2;
const trajectory = Float32Array.from(EPOCHS.flatMap((e) => [-0.8 + e / 6.25, -0.5 * (1 - e / 5)]));

const landscape = (epoch: number): LossLandscapeFrame => ({
  kind: "loss-landscape",
  epoch,
  finite: true,
  lossName: "binary_crossentropy",
  epochs: Int32Array.from(EPOCHS),
  reference: 5,
  trajectory,
  a: axis,
  b: axis,
  loss,
  explained: [0.93, 0.05],
  colorScale: "log",
});

const projected = (epoch: number): FeatureSpaceFrame => {
  const n = 40;
  const points = Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(i * 1.7 + epoch) * (1 - epoch / 10));
  return {
    kind: "feature-space",
    epoch,
    finite: true,
    layer: "wide",
    xDomain: [-1, 1],
    yDomain: [-1, 1],
    classes: ["0", "1"],
    inputs: {
      points,
      classes: Int32Array.from({ length: n }, (_, i) => i % 2),
      predicted: Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 - (i % 2) : i % 2)),
    },
    regions: [],
    projection: { method: "pca", mean: new Float32Array(6), components: new Float32Array(12), explained: [0.6, 0.3] },
    note: "A projection has no decision regions: inputs predicted wrong are ringed.",
  };
};

describe.runIf(requireChromium())("the replay page with a loss landscape and a projected feature space", () => {
  let dir: string;
  let opened: OpenedPage;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "deepreplay-html-beyond-"));
    const written = await writeReplayHtml([EPOCHS.map(projected), EPOCHS.map(landscape)], {
      out: join(dir, "beyond.html"),
      title: "Beyond",
    });
    expect(written.kinds).toEqual(["feature-space", "loss-landscape"]);
    opened = await openFile(written.path);
    await waitForEpoch(opened.page, 0);
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("draws epoch 3 of both as render-svg draws them: contours, trajectory, rings, PC axes", async () => {
    const { page } = opened;
    await page.locator("#epoch").fill("3");
    await waitForEpoch(page, 3);
    const figure: Figure = {
      title: "Beyond",
      epoch: 3,
      panels: [projected(3), landscape(3)],
      layout: defaultLayout([projected(3), landscape(3)]),
    };
    const expected = summarise(renderFigureSvg(figure));
    const shown = await page.$eval("#figure > svg", (svg) => svg.outerHTML);
    const summary = summarise(shown);
    expect(summary.texts).toEqual(expected.texts);
    expect(summary.counts).toEqual(expected.counts);
    expect(summary.texts).toEqual(expect.arrayContaining(["PC1 (60.0 %)", "d1 (93.0 %)"]));
    for (const mark of ["landscape", "trajectory", "current", "mispredicted"])
      expect(shown, mark).toContain(`class="${mark}"`);
    expect(opened.errors).toEqual([]);
  });
});
