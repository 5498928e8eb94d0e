/**
 * The layout of the pictures, measured where text is really laid out: render-svg's SVGs (the
 * ones every output draws) shown in Debian's Chromium with DejaVu Sans, their text boxes and
 * plot frames read back with getBoundingClientRect, and the replay page's own figure.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { panelCount, type Figure, type Frame, type LayerViolinsFrame } from "@deepreplay/frames";
import { renderFigureSvg, renderSvg } from "@deepreplay/render-svg";
import { writeReplayHtml } from "../src/index.js";
import { openFile, requireChromium, waitForEpoch, type OpenedPage } from "./helpers/browser.js";
import { part1 } from "./helpers/part1.js";
import { fixturePath, havePythonFixtures } from "../../../tools/testing/fixtures.js";

const demo = part1({ epochs: 60, samples: 400, pointsPerLine: 100 });
const LONG = "A title prefix far too long for any panel to hold on one line without cutting it short";

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
interface Measured {
  readonly width: number;
  readonly height: number;
  /** Every non-empty text: its box, its panel (-1 for the figure's own), and what it is. */
  readonly texts: { box: Box; panel: number; text: string; label: string }[];
  /** The plot frame of every panel. */
  readonly frames: Box[];
}

/** Measures every picture of the page in the browser, as shown: boxes relative to the picture's top-left corner. */
function measure(page: OpenedPage["page"], selector = "body > div > svg"): Promise<Measured[]> {
  return page.$$eval(selector, (roots) =>
    roots.map((root) => {
      const origin = root.getBoundingClientRect();
      const box = (element: Element) => {
        const r = element.getBoundingClientRect();
        return { x: r.x - origin.x, y: r.y - origin.y, width: r.width, height: r.height };
      };
      const panels = Array.from(root.children).filter((child) => child.tagName === "svg");
      const texts = Array.from(root.querySelectorAll("text"))
        .filter((text) => (text.textContent ?? "").trim() !== "")
        .map((text) => ({
          box: box(text),
          panel: panels.findIndex((panel) => panel.contains(text)),
          text: text.textContent ?? "",
          label: text.closest("[aria-label]")?.getAttribute("aria-label") ?? "",
        }));
      const frames = panels.map((panel) =>
        box(panel.querySelector('[aria-label="frame"] rect, rect[aria-label="frame"]')!),
      );
      return { width: origin.width, height: origin.height, texts, frames };
    }),
  );
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function distance(a: Box, b: Box): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

/** No two texts overlap, none leaves the picture, and every axis label is nearer its own plot frame than any other. */
function expectLegible(picture: Measured, name: string): void {
  const { texts, frames } = picture;
  for (const { box, text } of texts) {
    const inside =
      box.x >= -0.5 &&
      box.y >= -0.5 &&
      box.x + box.width <= picture.width + 0.5 &&
      box.y + box.height <= picture.height + 0.5;
    expect(
      inside,
      `${name}: "${text}" at ${JSON.stringify(box)} leaves the ${picture.width} × ${picture.height} picture`,
    ).toBe(true);
  }
  texts.forEach((a, i) =>
    texts.slice(i + 1).forEach((b) => {
      expect(
        overlap(a.box, b.box),
        `${name}: "${a.text}" ${JSON.stringify(a.box)} overlaps "${b.text}" ${JSON.stringify(b.box)}`,
      ).toBeLessThan(0.5);
    }),
  );
  for (const { box, panel, text, label } of texts.filter((t) => / label$/.test(t.label) && t.panel >= 0)) {
    const own = distance(box, frames[panel]);
    frames.forEach((frame, other) => {
      if (other !== panel)
        expect(own, `${name}: ${label} "${text}" is nearer panel ${other + 1} than its own`).toBeLessThan(
          distance(box, frame),
        );
    });
  }
}

const layers = (names: string[]): LayerViolinsFrame => ({
  kind: "layer-violins",
  epoch: 3,
  finite: true,
  quantity: "weights",
  layers: names.map((name, i) => {
    const values = Float32Array.from({ length: 50 }, (_, k) => Math.sin(k + i) * (i + 1));
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    return { name, values, std: Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length) };
  }),
});

const PART1_SIZES: (readonly [number, number] | undefined)[] = [
  [800, 400],
  [1200, 700],
  undefined,
  [1000, 1400],
  [2400, 1300],
];
const PANEL_SIZES = [
  [200, 180],
  [480, 400],
  [600, 600],
  [1600, 300],
  [260, 900],
] as const;
const frames: Frame[] = [
  demo.featureSpace(60),
  { ...demo.featureSpace(60), kind: "decision-boundary" } as Frame,
  demo.probabilities(60),
  demo.lossAndMetric(60),
  { ...demo.lossAndMetric(60), metricName: "sparse_categorical_accuracy" },
  demo.losses(60),
  layers(["hidden", "output"]),
  layers(["input_projection_layer", "hidden_dense_layer_with_a_long_name", "output"]),
  {
    ...demo.featureSpace(60),
    finite: false,
    note: "loss became NaN at epoch 61 after the learning rate was raised tenfold",
  },
  { ...demo.lossAndMetric(60), finite: false, note: "loss became NaN at epoch 61" },
];
const part1Figure = (title: string): Figure => ({
  title,
  epoch: 60,
  panels: [demo.featureSpace(60), demo.probabilities(60), demo.lossAndMetric(60), demo.losses(60)],
});

/**
 * The fixed scale of Python deepreplay's parabola run (its bent contour's extent over every epoch,
 * from the fixtures' expected.json): a y span 0.57 of the x span, as real runs give.
 */
const runDomains = havePythonFixtures
  ? (() => {
      const all = (
        JSON.parse(readFileSync(fixturePath("expected.json"), "utf8")) as {
          feature_space: { bent_contour: number[][][][] };
        }
      ).feature_space.bent_contour.flat(3);
      const extent = (offset: number) => {
        const values = all.filter((_, k) => k % 2 === offset);
        return [Math.min(...values), Math.max(...values)] as const;
      };
      return { xDomain: extent(0), yDomain: extent(1) };
    })()
  : undefined;
const runFigure: Figure | undefined = runDomains && {
  ...part1Figure("Activation: sigmoid"),
  panels: [{ ...demo.featureSpace(60), ...runDomains }, ...part1Figure("").panels.slice(1)],
};

/** What the page shows, in order: each Part 1 size twice (short and long title), then each frame at each panel size, with and without a long title. */
const pictures: { name: string; svg: string }[] = [
  ...PART1_SIZES.flatMap((size) =>
    ["Activation: sigmoid", LONG].map((title) => ({
      name: `Part 1 at ${size?.join(" × ") ?? "its default size"}${title === LONG ? ", long title" : ""}`,
      svg: renderFigureSvg(part1Figure(title), size && { width: size[0], height: size[1] }),
    })),
  ),
  ...frames.flatMap((frame, f) =>
    PANEL_SIZES.flatMap(([width, height]) =>
      [undefined, LONG].map((title) => ({
        name: `frame ${f + 1} (${frame.kind}) at ${width} × ${height} per panel${title ? ", long title" : ""}`,
        svg: renderSvg(frame, { width: width * panelCount(frame), height, title }),
      })),
    ),
  ),
  ...(runFigure
    ? [
        {
          name: "Part 1 with a real run's feature-space extent at 1200 × 700",
          svg: renderFigureSvg(runFigure, { width: 1200, height: 700 }),
        },
      ]
    : []),
];

describe.runIf(requireChromium())("layout in Chromium", () => {
  let dir: string;
  let opened: OpenedPage;
  let measured: Measured[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "deepreplay-layout-"));
    const file = join(dir, "pictures.html");
    await writeFile(
      file,
      `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">${pictures.map((p) => `<div>${p.svg}</div>`).join("")}</body></html>`,
    );
    opened = await openFile(file);
    measured = await measure(opened.page);
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps every text apart, inside the picture, each axis label with its own panel, at the smallest size and beyond", () => {
    expect(measured).toHaveLength(pictures.length);
    measured.forEach((picture, i) => expectLegible(picture, pictures[i].name));
  });

  it("draws a space's plot frame square when its domains are equal, alone or in a figure", () => {
    const spaces = pictures.flatMap((p, i) =>
      /\((feature-space|decision-boundary)\)/.test(p.name) || p.name.startsWith("Part 1") ? [i] : [],
    );
    expect(spaces.length).toBeGreaterThan(20);
    for (const i of spaces) {
      const [frame] = measured[i].frames;
      expect(Math.abs(frame.width / frame.height - 1), pictures[i].name).toBeLessThan(0.05);
    }
  });

  it("gives the Part 1 figure's feature space at least 0.7 of the figure's height, left of the stacked histograms", () => {
    PART1_SIZES.forEach((size, s) => {
      const {
        height,
        frames: [space, negative, positive, curve, losses],
      } = measured[2 * s];
      // Landscape sizes from the demo's up: at the smallest (800 × 400) the heading and the margins take 0.31 of
      // the height; a portrait figure gives the square its width.
      if (size === undefined || size[0] >= 1200)
        expect(space.height / height, pictures[2 * s].name).toBeGreaterThanOrEqual(0.7);
      else
        expect(
          Math.max(space.height / height, space.width / measured[2 * s].width),
          pictures[2 * s].name,
        ).toBeGreaterThan(0.3);
      expect(space.x + space.width).toBeLessThan(negative.x);
      expect(negative.y + negative.height).toBeLessThan(positive.y);
      expect(Math.abs(negative.x - positive.x)).toBeLessThan(1);
      expect(curve.y + curve.height).toBeLessThan(losses.y);
      expect(negative.x + negative.width).toBeLessThan(curve.x);
    });
  });

  it.runIf(runFigure)(
    "gives a real run's feature space, its y span 0.57 of its x span, a square frame over 0.7 of the figure's height",
    () => {
      const {
        height,
        frames: [space],
      } = measured[pictures.length - 1];
      expect(Math.abs(space.width / space.height - 1)).toBeLessThan(0.05);
      expect(space.height / height).toBeGreaterThanOrEqual(0.7);
    },
  );
});

describe.runIf(requireChromium())("the replay page's figure", () => {
  let dir: string;
  let opened: OpenedPage;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "deepreplay-layout-page-"));
    const written = await writeReplayHtml(
      demo.epochs
        .slice(0, 3)
        .map(() => part1Figure("Part 1"))
        .map((figure, epoch) => ({
          ...figure,
          epoch,
          panels: [demo.featureSpace(epoch), demo.probabilities(epoch), demo.lossAndMetric(epoch), demo.losses(epoch)],
        })),
      { out: join(dir, "part1.html"), width: 1200, height: 700 },
    );
    opened = await openFile(written.path, { width: 1300, height: 1000 });
    await waitForEpoch(opened.page, 0);
  }, 120_000);
  afterAll(async () => {
    await opened?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the Part 1 layout, its feature space square over most of the figure's height, every text apart", async () => {
    // Measured as the page shows it: scaled by its stylesheet to the 1300 × 1000 window.
    const [shown] = await measure(opened.page, "#figure > svg");
    expect(shown.width).not.toBe(1200);
    const [space] = shown.frames;
    expect(shown.frames).toHaveLength(5);
    expect(Math.abs(space.width / space.height - 1)).toBeLessThan(0.05);
    expect(space.height / shown.height).toBeGreaterThanOrEqual(0.7);
    expectLegible(shown, "the page's figure");
  });
});
