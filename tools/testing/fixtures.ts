import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** ../shared/fixtures/deepreplay-python beside the checkout: the Python package's files. */
export const PYTHON_FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/deepreplay-python/", import.meta.url));

export const havePythonFixtures = existsSync(PYTHON_FIXTURES);

/**
 * Call at the top of a suite that reads the fixtures: says clearly when they are absent, and fails
 * under CI=true, where they must be there.
 */
export function requirePythonFixtures(): boolean {
  if (havePythonFixtures) return true;
  const message = `Python deepreplay fixtures not found at ${PYTHON_FIXTURES}: the tests that compare against them are skipped.`;
  if (process.env.CI === "true") throw new Error(`${message} CI must have ../shared beside the checkout.`);
  console.warn(message);
  return false;
}

export function fixturePath(name: string): string {
  return PYTHON_FIXTURES + name;
}

/** ../shared/fixtures beside the checkout: runs written by Keras 3 (`keras3/`) and PyTorch (`pytorch/`). */
export const SHARED_FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));

/** As requirePythonFixtures, for a folder of ../shared/fixtures (e.g. "keras3/keras3-part1-keras"). */
export function requireSharedFixture(folder: string): boolean {
  if (existsSync(SHARED_FIXTURES + folder)) return true;
  const message = `Fixture ${SHARED_FIXTURES + folder} not found: the tests that compare against it are skipped.`;
  if (process.env.CI === "true") throw new Error(`${message} CI must have ../shared beside the checkout.`);
  console.warn(message);
  return false;
}
