import { execFile, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SOURCE_BIN = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
/** The package's bin, the launcher npm links as `deepreplay`, which imports dist/bin.js. */
export const LAUNCHER = fileURLToPath(new URL("../bin/deepreplay.js", import.meta.url));

// `npm test` builds every package first and says so: the command then runs as users run it, from
// its bin and dist (and starts in a fraction of the time tsx needs to transform h5wasm and tfjs).
const COMMAND =
  process.env.DEEPREPLAY_TEST_BUILT === "1"
    ? [LAUNCHER]
    : ["--conditions=@deepreplay/source", "--import", "tsx", SOURCE_BIN];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real deepreplay command in a child process, as a user would. */
export function deepreplay(args: readonly string[], { timeout = 60_000 } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...COMMAND, ...args],
      { cwd: ROOT, timeout, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: "0" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Starts the real deepreplay command and leaves it running (serve, or a demo to follow live). */
export function spawnDeepreplay(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [...COMMAND, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
