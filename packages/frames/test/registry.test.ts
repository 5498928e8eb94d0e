import { describe, expect, it } from "vitest";
import { DeepReplayError, RendererRegistry, type LossHistogramFrame } from "../src/index.js";

const frame: LossHistogramFrame = {
  kind: "loss-histogram",
  epoch: 3,
  finite: true,
  lossName: "binary_crossentropy",
  losses: new Float32Array([0.1, 0.2, 0.7]),
};

describe("RendererRegistry", () => {
  it("finds a plugin by kind and format and renders with it", () => {
    const registry = new RendererRegistry();
    registry.register({
      name: "csv",
      format: "csv",
      kinds: ["loss-histogram"],
      render: (f) => `epoch,loss\n${Array.from(f.losses, (l) => `${f.epoch},${l.toFixed(1)}`).join("\n")}`,
    });
    expect(registry.get("loss-histogram", "csv").render(frame)).toBe("epoch,loss\n3,0.1\n3,0.2\n3,0.7");
    expect(registry.formats("loss-histogram")).toEqual(["csv"]);
  });

  it("throws a typed error naming the registered formats when none matches", () => {
    const registry = new RendererRegistry();
    registry.register({ name: "a", format: "svg", kinds: ["loss-histogram"], render: () => "<svg/>" });
    const error = (() => {
      try {
        registry.get("loss-histogram", "png");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DeepReplayError);
    expect((error as DeepReplayError).code).toBe("NO_RENDERER");
    expect((error as DeepReplayError).hint).toContain("svg");
  });

  it("restores the previous plugin when an override is removed", () => {
    const registry = new RendererRegistry();
    registry.register({ name: "first", format: "svg", kinds: ["loss-histogram"], render: () => "1" });
    const remove = registry.register({ name: "second", format: "svg", kinds: ["loss-histogram"], render: () => "2" });
    expect(registry.get("loss-histogram", "svg").render(frame)).toBe("2");
    remove();
    expect(registry.get("loss-histogram", "svg").render(frame)).toBe("1");
  });

  it("refuses an incomplete plugin", () => {
    const registry = new RendererRegistry();
    expect(() => registry.register({ name: "x", format: "svg", kinds: [], render: () => "" })).toThrow(/incomplete/);
  });
});
