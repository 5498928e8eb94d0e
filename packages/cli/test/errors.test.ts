import { describe, expect, it } from "vitest";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { deepreplay } from "./run-cli.js";

const haveFixtures = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");

/** A user mistake: exactly one line on stderr, no stack, nothing on stdout. */
function expectOneLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
  return lines[0];
}

describe("usage errors exit with 2", () => {
  it("refuses an unknown command", async () => {
    const { code, stdout, stderr } = await deepreplay(["replot", "x.h5"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(expectOneLine(stderr)).toMatch(/^error: unknown command 'replot'/);
  });

  it("refuses an unknown flag", async () => {
    const { code, stderr } = await deepreplay(["inspect", "x.h5", "--colour"]);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toContain("unknown option '--colour'");
  });

  it("refuses a malformed epoch range before reading anything", async () => {
    const { code, stderr } = await deepreplay([
      "data",
      "missing.h5",
      "--group",
      "g",
      "loss-and-metric",
      "--epochs",
      "9..3",
    ]);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toContain("starts after it ends (9 > 3)");
  });
});

describe("failures exit with 1", () => {
  it("names a missing file", async () => {
    const { code, stderr } = await deepreplay(["inspect", "no/such/replay.h5"]);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toMatch(/^error: No file at .*no\/such\/replay\.h5/);
  });

  it.runIf(haveFixtures)("lists the groups when the group is unknown", async () => {
    const { code, stderr } = await deepreplay(["inspect", REPLAY, "--group", "part2"]);
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toBe(
      `error: ${REPLAY} has no recording "part2". Its recordings: part1_activation_functions.`,
    );
  });
});
