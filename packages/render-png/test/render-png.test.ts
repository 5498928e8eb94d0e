import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  FRAME_KINDS,
  RendererRegistry,
  renderFrame,
  renderers,
  type Figure,
  type LossAndMetricFrame,
} from "@deepreplay/frames";
import { registerPngRenderers, renderPng } from "../src/index.js";
import { lossAndMetric } from "./support/frames.js";
import { expectThrows } from "./support/errors.js";
import { decodePng, pixelAt } from "../../../tools/testing/images.js";
import { greenShare, splitSpace } from "./support/space.js";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("PNG renderer plugins", () => {
  test("every kind with an svg renderer also has a png one, in the shared registry", () => {
    for (const kind of FRAME_KINDS) {
      expect(renderers.formats(kind).includes("png"), kind).toBe(renderers.formats(kind).includes("svg"));
    }
    expect(FRAME_KINDS.every((kind) => renderers.find(kind, "png"))).toBe(true);
  });

  test("in a registry of its own: only the kinds with svg, drawn by the svg plugin current at render time", () => {
    const registry = new RendererRegistry();
    const solid = (fill: string) => ({
      name: `solid ${fill}`,
      format: "svg",
      kinds: ["loss-and-metric" as const],
      render: (_: LossAndMetricFrame, o: { width?: number; height?: number } = {}) =>
        `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width ?? 30}" height="${o.height ?? 20}"><rect width="100%" height="100%" fill="${fill}"/><rect width="5" height="5" fill="#000"/></svg>`,
    });
    registry.register(solid("#ff8000"));
    const unregister = registerPngRenderers(registry);
    expect(registry.formats("loss-and-metric").sort()).toEqual(["png", "svg"]);
    expect(registry.find("feature-space", "png")).toBeUndefined();

    const png = decodePng(
      registry
        .get("loss-and-metric", "png")
        .render(lossAndMetric(2), { width: 30, height: 20, scale: 2 } as never) as Uint8Array,
    );
    expect([png.width, png.height]).toEqual([60, 40]);
    expect(pixelAt(png, 9, 9)).toEqual([0, 0, 0, 255]); // the 5×5 block, scaled twice
    expect(pixelAt(png, 10, 10)).toEqual([255, 128, 0, 255]);

    registry.register(solid("#00c0c0"));
    const redrawn = decodePng(registry.get("loss-and-metric", "png").render(lossAndMetric(2)) as Uint8Array);
    expect([redrawn.width, redrawn.height]).toEqual([30, 20]);
    expect(pixelAt(redrawn, 20, 10)).toEqual([0, 192, 192, 255]);

    unregister();
    expect(registry.find("loss-and-metric", "png")).toBeUndefined();
  });
});

describe("renderPng with render-svg's plugins", () => {
  test("a feature-space frame: its size, and its decision regions where the frame puts them", () => {
    for (const split of [0.25, 0.6]) {
      const png = decodePng(renderPng(splitSpace(3, split), { width: 400, height: 400 }));
      expect([png.width, png.height]).toEqual([400, 400]);
      expect(greenShare(png)).toBeCloseTo(split, 2);
    }
  });

  test("the registry's png plugin is the same drawing; scale doubles the pixels, not the layout", () => {
    const frame = splitSpace(7, 0.4);
    const direct = renderPng(frame, { width: 300, height: 250 });
    expect(sha(renderFrame<Uint8Array>(frame, "png", { width: 300, height: 250 }))).toBe(sha(direct));
    expect(sha(renderPng(frame, { width: 300, height: 250 }))).toBe(sha(direct));
    const double = decodePng(renderPng(frame, { width: 300, height: 250, scale: 2 }));
    expect([double.width, double.height]).toEqual([600, 500]);
    expect(greenShare(double)).toBeCloseTo(0.4, 2);
  });

  test("a figure: panels side by side under one heading, each with its own regions", () => {
    const figure: Figure = { title: "Hidden", epoch: 3, panels: [splitSpace(3, 0.25), splitSpace(3, 0.7)] };
    const png = decodePng(renderPng(figure, { width: 800, height: 440 }));
    expect([png.width, png.height]).toEqual([800, 440]);
    expect(greenShare(png, 0, 400)).toBeCloseTo(0.25, 2);
    expect(greenShare(png, 400, 800)).toBeCloseTo(0.7, 2);
  });

  test("bad options are refused with typed errors", () => {
    expectThrows(() => renderPng(splitSpace(0, 0.5), { scale: -1 }), "INVALID_OPTION");
    expectThrows(() => renderPng(splitSpace(0, 0.5), { background: "nope" }), "INVALID_OPTION");
    expectThrows(() => renderPng({ epoch: 0, panels: [] }), "INVALID_FIGURE");
  });
});
