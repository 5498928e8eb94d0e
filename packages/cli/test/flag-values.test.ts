import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { epochRange, integer, limits, nameList } from "../src/flags/values.js";

describe("flag values", () => {
  it("reads inclusive epoch ranges, open at either end, or one epoch", () => {
    expect(epochRange("2..19")).toEqual({ epochStart: 2, epochEnd: 19 });
    expect(epochRange("5..")).toEqual({ epochStart: 5, epochEnd: undefined });
    expect(epochRange("..7")).toEqual({ epochStart: undefined, epochEnd: 7 });
    expect(epochRange("12")).toEqual({ epochStart: 12, epochEnd: 12 });
    for (const bad of ["", "..", "a..b", "3..1", "-1..2", "1.5..3", "1...3"])
      expect(() => epochRange(bad)).toThrow(InvalidArgumentError);
  });

  it("reads limits as MIN,MAX with MIN < MAX", () => {
    expect(limits("-1,1")).toEqual([-1, 1]);
    expect(limits(" -0.5 , 2e0 ")).toEqual([-0.5, 2]);
    for (const bad of ["1", "1,1", "2,1", "a,1", "1,2,3", ",1"])
      expect(() => limits(bad)).toThrow(InvalidArgumentError);
  });

  it("reads whole numbers from a minimum, and accumulates name lists", () => {
    expect(integer(2)("30")).toBe(30);
    for (const bad of ["1", "2.5", "x", ""]) expect(() => integer(2)(bad)).toThrow(InvalidArgumentError);
    expect(nameList("h2", nameList("h1, o"))).toEqual(["h1", "o", "h2"]);
    expect(() => nameList(" , ")).toThrow(InvalidArgumentError);
  });
});
