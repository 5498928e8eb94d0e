import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import {
  FRAME_KINDS,
  RendererRegistry,
  isDeepReplayError,
  renderFrame,
  renderers,
  type Frame,
} from "@deepreplay/frames";
import { registerSvgRenderers, renderSvg } from "../src/index.js";
import { NON_FINITE_MESSAGE } from "../src/plots/index.js";
import {
  decisionBoundary,
  featureSpace,
  layerViolins,
  lossAndMetric,
  lossHistogram,
  lossLandscape,
  probabilityHistogram,
} from "./support/frames.js";
import { discCentres, panelsOf, parseSvg } from "./support/svg.js";

const everyKind: Frame[] = [
  featureSpace(),
  decisionBoundary(),
  probabilityHistogram(),
  lossHistogram(),
  lossAndMetric(),
  layerViolins(),
  lossLandscape(),
];

describe("the SVG renderer", () => {
  it("covers every frame kind", () => {
    expect(everyKind.map((f) => f.kind).sort()).toEqual([...FRAME_KINDS].sort());
  });

  it("gives the same SVG for the same frame, whatever was drawn in between", () => {
    for (const frame of everyKind) {
      const first = renderSvg(frame, { title: "run" });
      everyKind.forEach((other) => renderSvg(other));
      expect(renderSvg(frame, { title: "run" })).toBe(first);
    }
  });

  it("names clip paths by what they define: every reference resolves, a shared id means the same definition", () => {
    const definitions = (markup: string) =>
      new Map(Array.from(parseSvg(markup).querySelectorAll("[id]"), (e) => [e.id, e.innerHTML] as const));
    const a = renderSvg(featureSpace());
    const b = renderSvg(featureSpace({ epoch: 8 }));
    const wider = renderSvg(featureSpace(), { width: 600 });
    expect(definitions(a).size).toBeGreaterThan(0);
    for (const [, id] of a.matchAll(/url\(#([^)]+)\)/g)) expect(definitions(a).has(id)).toBe(true);
    for (const [id, definition] of definitions(b)) expect(definitions(a).get(id) ?? definition).toBe(definition);
    expect([...definitions(wider).keys()].filter((id) => definitions(a).has(id))).toEqual([]);
    expect(a).not.toMatch(/plot-clip/);
  });

  it("registers a plugin per frame kind for the format svg on import", () => {
    for (const frame of everyKind) {
      const plugin = renderers.find(frame.kind, "svg");
      expect(plugin?.kinds).toContain(frame.kind);
      expect(renderFrame<string>(frame, "svg")).toBe(renderSvg(frame));
    }
  });

  it("registers into another registry on request, and unregisters", () => {
    const registry = new RendererRegistry();
    const unregister = registerSvgRenderers(registry);
    expect(FRAME_KINDS.map((kind) => registry.formats(kind))).toEqual(FRAME_KINDS.map(() => ["svg"]));
    unregister();
    expect(registry.plugins()).toEqual([]);
  });

  it("draws a diverged frame of every kind with a visible note, and no NaN in the markup", () => {
    const nan = (values: Float32Array) => values.map((v, i) => (i % 3 === 0 ? Number.NaN : v));
    const diverged: Frame[] = [
      featureSpace({
        inputs: { ...featureSpace().inputs, points: nan(featureSpace().inputs.points) },
        xDomain: [Number.NaN, Number.NaN],
      }),
      { ...decisionBoundary(), grid: { ...decisionBoundary().grid!, points: nan(decisionBoundary().grid!.points) } },
      { ...probabilityHistogram(), probabilities: nan(probabilityHistogram().probabilities) },
      { ...lossHistogram(), losses: nan(lossHistogram().losses).map((v, i) => (i === 1 ? Infinity : v)) },
      { ...lossAndMetric(), loss: nan(lossAndMetric().loss), metric: new Float32Array(21).fill(Number.NaN) },
      { ...layerViolins(), layers: layerViolins().layers.map((l) => ({ ...l, values: nan(l.values) })) },
    ].map((frame) => ({ ...frame, finite: false, note: "the loss diverged at epoch 5" }) as Frame);
    for (const frame of diverged) {
      const root = parseSvg(renderSvg(frame));
      const attributes = [root, ...Array.from(root.querySelectorAll("*"))].flatMap((e) =>
        Array.from(e.attributes, (a) => a.value),
      );
      expect(attributes.filter((value) => /NaN|Infinity/.test(value))).toEqual([]);
      for (const panel of panelsOf(root)) {
        const note = Array.from(panel.querySelectorAll("g.non-finite-note tspan"), (t) => t.textContent);
        expect(note).toEqual([NON_FINITE_MESSAGE, "the loss diverged at epoch 5"]);
      }
    }
  });

  it("draws a dot for every finite input of a diverged space, none for the NaN ones", () => {
    const { inputs } = featureSpace();
    const points = inputs.points.map((v, i) => (i % 10 === 0 ? Number.NaN : v));
    const finite = inputs.classes.filter(
      (_, i) => Number.isFinite(points[2 * i]) && Number.isFinite(points[2 * i + 1]),
    ).length;
    const markup = renderSvg(featureSpace({ inputs: { ...inputs, points }, finite: false }));
    expect(Array.from(parseSvg(markup).querySelectorAll("g.inputs")).flatMap(discCentres)).toHaveLength(finite);
  });

  it("refuses inconsistent frames with a typed error", () => {
    const broken: Frame[] = [
      featureSpace({ inputs: { points: new Float32Array(5), classes: new Int32Array(3) } }),
      featureSpace({ inputs: { points: new Float32Array(4), classes: Int32Array.of(0, 2) } }),
      { ...probabilityHistogram(), targets: Int32Array.of(0, 1) },
      { ...lossAndMetric(), loss: new Float32Array(2) },
    ];
    for (const frame of broken) {
      let code: string | undefined;
      try {
        renderSvg(frame);
      } catch (error) {
        code = isDeepReplayError(error) ? error.code : String(error);
      }
      expect(code).toBe("INVALID_FRAME");
    }
    // A kind no plugin draws is the registry's to refuse.
    expect(() => renderSvg({ kind: "scatter" } as unknown as Frame)).toThrow(
      /No renderer is registered for "scatter" frames as svg/,
    );
  });

  it("keeps the plots entry browser-safe: it bundles for the browser without jsdom or Node built-ins", async () => {
    const result = await build({
      entryPoints: [new URL("../src/plots/index.ts", import.meta.url).pathname],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      conditions: ["@deepreplay/source"],
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((path) => path.includes("node_modules/@observablehq/plot/"))).toBe(true);
    expect(inputs.filter((path) => /jsdom|^node:/.test(path))).toEqual([]);
  });
});
