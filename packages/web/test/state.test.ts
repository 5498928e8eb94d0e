import { describe, expect, it } from "vitest";
import { BoundedCache } from "../src/app/cache.js";
import type { RunInfo } from "../src/app/protocol.js";
import {
  atEpoch,
  initialState,
  lastEpoch,
  step,
  tick,
  toggleRun,
  togglePanel,
  unavailableReason,
  withRange,
  withRuns,
} from "../src/app/state.js";

const run = (id: string, lastEpoch: number, unavailable: RunInfo["unavailable"] = {}): RunInfo => ({
  id,
  file: `${id}.h5`,
  group: "g",
  lastEpoch,
  nEpochs: lastEpoch,
  featureLayers: ["hidden"],
  unavailable,
});

describe("the app's state", () => {
  it("opens the first run on its last epoch with the Part 1 panels, and follows it as it grows", () => {
    const opened = withRuns(initialState, [run("a", 5)], []);
    expect(opened.shown).toEqual(["a"]);
    expect(opened.epoch).toBe(5);
    expect(opened.panels.map((panel) => panel.kind)).toEqual([
      "feature-space",
      "probability-histogram",
      "loss-and-metric",
      "loss-histogram",
    ]);
    expect(withRuns(opened, [run("a", 7)], []).epoch).toBe(7);
    // Elsewhere than the last epoch, a growing run leaves the epoch alone.
    expect(withRuns(atEpoch(opened, 2), [run("a", 7)], []).epoch).toBe(2);
  });

  it("leaves out what a run cannot draw, and offers it only while some shown run can", () => {
    const opened = withRuns(initialState, [run("a", 3, { "feature-space": "no 2-unit layer" })], []);
    expect(opened.panels.map((panel) => panel.kind)).toEqual([
      "probability-histogram",
      "loss-and-metric",
      "loss-histogram",
    ]);
    expect(unavailableReason(opened, "feature-space")).toBe("no 2-unit layer");
    const both = toggleRun(withRuns(opened, [run("b", 9)], []), "b", true);
    expect(both.shown).toEqual(["a", "b"]);
    expect(unavailableReason(both, "feature-space")).toBeUndefined();
    expect(togglePanel(both, "feature-space", true).panels.map((panel) => panel.kind)[0]).toBe("feature-space");
  });

  it("shares one epoch between compared runs, up to the longest, and plays the chosen range round", () => {
    const both = toggleRun(withRuns(withRuns(initialState, [run("a", 4)], []), [run("b", 10)], []), "b", true);
    expect(lastEpoch(both)).toBe(10);
    expect(atEpoch(both, 99).epoch).toBe(10);
    expect(step(atEpoch(both, 0), -1).epoch).toBe(0);
    const ranged = atEpoch(withRange(both, 2, 4), 3);
    expect([tick(ranged).epoch, tick(tick(ranged)).epoch]).toEqual([4, 2]);
    expect(withRange(both, 2, 50).to).toBeUndefined();
  });
});

describe("the bounded cache", () => {
  it("keeps the most recently used entries up to its capacity", () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([1, undefined, 3, 2]);
    cache.deleteWhere((key) => key === "a");
    expect(cache.size).toBe(1);
  });
});
