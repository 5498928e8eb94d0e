import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  fixturePath,
  requirePythonFixtures,
  requireSharedFixture,
  SHARED_FIXTURES,
} from "../../../tools/testing/fixtures.js";
import { gifInfo } from "../../../tools/testing/images.js";
import { run } from "../src/index.js";

const haveFixtures = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");
const KERAS = `${SHARED_FIXTURES}keras3/keras3-part1-keras/`;
const out = mkdtempSync(join(tmpdir(), "deepreplay-quiet-"));

/** Runs the command line in this process, as `run(argv)` from @deepreplay/cli, with what it writes captured. */
async function deepreplay(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = { stdout: "", stderr: "" };
  // Not terminals: no progress bars either way.
  const sink = (name: keyof typeof captured) =>
    new Writable({
      write(chunk, _encoding, done) {
        captured[name] += String(chunk);
        done();
      },
    }) as unknown as NodeJS.WriteStream;
  const code = await run(argv, { stdout: sink("stdout"), stderr: sink("stderr") });
  return { code, ...captured };
}

describe.runIf(haveFixtures)("--quiet", () => {
  it("silences the line saying what plot and animate wrote, before or after the command; the files are written all the same", async () => {
    const svg = join(out, "losses.svg");
    const plot = ["plot", REPLAY, "loss-histogram", "--epoch", "3", "--out", svg];
    expect(await deepreplay(...plot)).toEqual({ code: 0, stdout: `wrote ${svg} (1 frame)\n`, stderr: "" });
    expect(await deepreplay("--quiet", ...plot)).toEqual({ code: 0, stdout: "", stderr: "" });

    const gif = join(out, "losses.gif");
    const animate = ["animate", REPLAY, "loss-histogram", "--epochs", "3..5", "--out", gif];
    expect(await deepreplay(...animate, "-q")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(gifInfo(gif).frames).toBe(3);
    expect(await deepreplay(...animate)).toEqual({ code: 0, stdout: `wrote ${gif} (3 frames)\n`, stderr: "" });
  }, 120_000);

  it("keeps what a command is for (inspect's description, data's numbers) and its errors on stderr", async () => {
    for (const argv of [
      ["inspect", REPLAY],
      ["data", REPLAY, "loss-and-metric", "--epochs", "0..2"],
    ]) {
      const loud = await deepreplay(...argv);
      expect(loud.code).toBe(0);
      expect(loud.stdout.length).toBeGreaterThan(100);
      expect(await deepreplay("-q", ...argv)).toEqual(loud);
    }
    const refused = await deepreplay("-q", "plot", REPLAY, "weights", "--out", "/nonexistent/folder/w.png");
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'error: Cannot write "/nonexistent/folder/w.png": the folder /nonexistent/folder does not exist. Choose a file path in an existing folder you can write to.\n',
    });
  });

  it("silences the folder view wrote", async () => {
    const site = join(out, "site");
    expect(await deepreplay("-q", "view", "--out", site)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(site, "index.html"), "utf8")).toContain("<!doctype html>");
  });

  it.runIf(requireSharedFixture("keras3"))("silences import's summary", async () => {
    const runs = join(out, "runs.h5");
    const argv = ["import", `${KERAS}ckpt`, "--data", `${KERAS}data.npz`, "--out", runs, "--group", "keras3"];
    expect(await deepreplay("--quiet", ...argv)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(existsSync(runs)).toBe(true);
    const inspected = JSON.parse((await deepreplay("inspect", runs, "--json")).stdout);
    expect(inspected.groups[0]).toMatchObject({ group: "keras3", epochs: { recorded: 20, completed: 20 } });
  });
});
