import { describe, expect, it } from "vitest";
import {
  DeepReplayError,
  describeError,
  extentOption,
  integerOption,
  numberOption,
  pairOption,
  sizeOption,
} from "@deepreplay/frames";

function refusal(check: () => unknown): DeepReplayError {
  try {
    check();
  } catch (error) {
    if (error instanceof DeepReplayError) return error;
    throw error;
  }
  throw new Error("the value was not refused");
}

describe("option checks", () => {
  it("pass values within range through unchanged", () => {
    expect(integerOption("n", 3, { min: 1, max: 3 })).toBe(3);
    expect(numberOption("fps", 50, { above: 0, max: 50 })).toBe(50);
    expect(extentOption("xlim", [-1, 1])).toEqual([-1, 1]);
    expect(pairOption("vertices", [1, -1])).toEqual([1, -1]);
    expect(sizeOption("width", undefined)).toBeUndefined();
    expect(sizeOption("width", 0.5)).toBe(0.5);
  });

  it.each([
    ["fraction", () => integerOption("n", 2.5, { min: 1 }), "Option n is 2.5, not an integer at least 1."],
    ["beyond max", () => integerOption("n", 5, { min: 1, max: 4 }), "Option n is 5, not an integer from 1 to 4."],
    [
      "NaN",
      () => numberOption("noise", Number.NaN, { min: 0 }),
      "Option noise is NaN, not a finite number at least 0.",
    ],
    [
      "a string",
      () => numberOption("fps", "fast" as unknown as number, { above: 0 }),
      'Option fps is "fast", not a finite number above 0.',
    ],
    [
      "on an exclusive bound",
      () => numberOption("factor", 1, { min: 0, below: 1 }),
      "Option factor is 1, not a finite number at least 0 and below 1.",
    ],
    [
      "an empty extent",
      () => extentOption("xlim", [1, 1]),
      "Option xlim is [1, 1], not a pair [min, max] of finite numbers with min < max.",
    ],
    [
      "one number for a pair",
      () => pairOption("vertices", [1]),
      "Option vertices is [1], not two finite numbers, e.g. [-1, 1].",
    ],
    [
      "a fractional pixel count",
      () => sizeOption("width", 10.5, { integer: true }),
      "Option width is 10.5, not an integer at least 1.",
    ],
    ["a negative size", () => sizeOption("height", -1), "Option height is -1, not a finite number above 0."],
  ])("refuse %s with INVALID_OPTION, the value and the range in the message", (_, check, message) => {
    const error = refusal(check);
    expect(error.code).toBe("INVALID_OPTION");
    expect(error.message).toBe(message);
  });

  it("keep the hint apart from the message, and join them for a person", () => {
    const error = refusal(() => integerOption("threads", -1, { min: 0 }, "Pass 0 to render on this thread."));
    expect(error.hint).toBe("Pass 0 to render on this thread.");
    expect(error.message).not.toContain("Pass 0");
    expect(describeError(error)).toBe(
      "Option threads is -1, not an integer at least 0. Pass 0 to render on this thread.",
    );
    expect(refusal(() => integerOption("n", -1, { min: 0 })).hint).toBe("Pass n as an integer at least 0.");
  });
});
