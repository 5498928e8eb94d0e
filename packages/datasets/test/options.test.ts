import { describe, expect, it } from "vitest";
import { isDeepReplayError } from "@deepreplay/frames";
import { ball, circles, hypercube, moons, parabola } from "@deepreplay/datasets";

function refusal(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error("the call was not refused");
}

describe("bad options", () => {
  const cases: [string, () => unknown, string][] = [
    ["negative nPoints", () => parabola({ nPoints: -1 }), "nPoints"],
    ["NaN nPoints", () => parabola({ nPoints: NaN }), "nPoints"],
    ["fractional nPoints", () => parabola({ nPoints: 2.5 }), "nPoints"],
    ["NaN in xlim", () => parabola({ xlim: [0, NaN] }), "xlim"],
    ["negative seed", () => parabola({ seed: -1 }), "seed"],
    ["fractional seed", () => moons({ seed: 1.5 }), "seed"],
    ["zero nDims", () => ball({ nDims: 0 }), "nDims"],
    ["negative ball size", () => ball({ nPoints: -5 }), "nPoints"],
    ["NaN radius fraction", () => ball({ classifRadiusFraction: NaN }), "classifRadiusFraction"],
    ["too many dimensions", () => hypercube({ nDims: 21 }), "nDims"],
    ["one vertex", () => hypercube({ vertices: [1] as unknown as [number, number] }), "vertices"],
    ["factor 1", () => circles({ factor: 1 }), "factor"],
    ["negative noise", () => circles({ noise: -0.1 }), "noise"],
    ["Infinite noise", () => moons({ noise: Infinity }), "noise"],
    ["no samples", () => moons({ nSamples: 0 }), "nSamples"],
  ];

  it.each(cases)("refuses %s with a typed error naming the option and a hint", (_, build, option) => {
    const error = refusal(build);
    expect(isDeepReplayError(error, "INVALID_OPTION")).toBe(true);
    if (!isDeepReplayError(error)) return;
    expect(error.message).toContain(`Option ${option} is`);
    expect(error.hint).toMatch(new RegExp(`^Pass ${option} as `));
  });

  it("refuses a ball whose coordinates cannot be scaled", () => {
    expect(
      isDeepReplayError(
        refusal(() => ball({ nDims: 1, nPoints: 1 })),
        "DEGENERATE_DATASET",
      ),
    ).toBe(true);
  });
});
