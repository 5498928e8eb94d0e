import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { activeBackend, initBackend } from "@deepreplay/core";

const script = fileURLToPath(new URL("./fixtures/start-backend.ts", import.meta.url));

/** Runs the script in plain Node (sources through tsx), as a user's program would. */
function startInNode(...args: string[]) {
  const run = spawnSync(process.execPath, ["--conditions=@deepreplay/source", "--import", "tsx", script, ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
  return { ...JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}"), stderr: run.stderr, status: run.status };
}

describe("backend", () => {
  it("runs on WASM with SIMD under Vitest", async () => {
    expect(await initBackend()).toBe("wasm");
    expect(activeBackend()).toBe("wasm");
    expect(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")).toBe(true);
  });

  it("finds the .wasm binaries in plain Node", () => {
    const result = startInNode();
    expect(result.status).toBe(0);
    expect(result.backend).toBe("wasm");
    expect(result.sum).toBe(1);
    expect(result.stderr).not.toMatch(/falling back/);
  });

  it("falls back to the CPU backend with a one-line warning when WASM cannot start", () => {
    const result = startInNode("/nonexistent/wasm/");
    expect(result.status).toBe(0);
    expect(result.backend).toBe("cpu");
    expect(result.sum).toBe(1);
    const warnings = result.stderr.split("\n").filter((line: string) => line.includes("@deepreplay/core"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/WASM backend could not start .*falling back to the slower CPU backend/);
  });
});
