import { describe, expect, it } from "vitest";
import { isAllFinite } from "../src/index.js";

describe("isAllFinite", () => {
  it("is false for NaN and both infinities anywhere, true for finite values and for none", () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(isAllFinite(Float32Array.of(0, 1, bad))).toBe(false);
      expect(isAllFinite(Float64Array.of(bad, 2))).toBe(false);
      expect(isAllFinite([3, bad])).toBe(false);
    }
    expect(isAllFinite(Float32Array.of(-3.4e38, 0, -0, 1e-45, 3.4e38))).toBe(true);
    expect(isAllFinite(Float64Array.of(-Number.MAX_VALUE, Number.MAX_VALUE))).toBe(true);
    expect(isAllFinite([])).toBe(true);
  });
});
