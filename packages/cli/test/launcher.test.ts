import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAUNCHER, ROOT } from "./run-cli.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const built = process.env.DEEPREPLAY_TEST_BUILT === "1";

describe("the bin npm links as deepreplay", () => {
  it("is the committed launcher, shipped with the package", () => {
    expect(pkg.bin).toEqual({ deepreplay: "./bin/deepreplay.js" });
    expect(pkg.files).toContain("bin");
    // Tracked by git, so it exists when npm ci links the workspace's bins, before any build.
    expect(execFileSync("git", ["ls-files", "--error-unmatch", LAUNCHER], { cwd: ROOT, encoding: "utf8" }).trim()).toBe(
      "packages/cli/bin/deepreplay.js",
    );
  });

  it.runIf(built)("runs the built command", () => {
    expect(execFileSync(process.execPath, [LAUNCHER, "--version"], { encoding: "utf8" })).toBe(`${pkg.version}\n`);
  });

  it("says to build first when dist/ is missing, on one line, with exit code 1", () => {
    const unbuilt = mkdtempSync(join(tmpdir(), "deepreplay-unbuilt-"));
    mkdirSync(join(unbuilt, "bin"));
    copyFileSync(LAUNCHER, join(unbuilt, "bin", "deepreplay.js"));
    const { status, stdout, stderr } = spawnSync(process.execPath, [join(unbuilt, "bin", "deepreplay.js"), "--help"], {
      encoding: "utf8",
    });
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("error: deepreplay is not built yet. Run `npm run build` at the workspace's root first.\n");
  });
});
