import { execFileSync, spawnSync } from "node:child_process";

/** The Python with h5py the tests spawn: Debian's python3-h5py (CI's .ci/run installs it). */
export const PYTHON = "/usr/bin/python3";

function hasH5py(): boolean {
  return spawnSync(PYTHON, ["-c", "import h5py"], { stdio: "ignore" }).status === 0;
}

/**
 * Call at the top of a suite that spawns Python with h5py: says clearly when it is absent, and fails
 * under CI=true, where it must be there.
 */
export function requirePythonH5py(): boolean {
  if (hasH5py()) return true;
  const message = `${PYTHON} with h5py not found: the tests that read files with Python are skipped (apt-get install python3-h5py).`;
  if (process.env.CI === "true") throw new Error(`${message} CI must have it.`);
  console.warn(message);
  return false;
}

/** Runs a Python script with arguments and parses the JSON it prints. */
export function pythonJson<T>(script: string, args: readonly string[]): T {
  return JSON.parse(execFileSync(PYTHON, [script, ...args], { encoding: "utf8", maxBuffer: 64 << 20 })) as T;
}
