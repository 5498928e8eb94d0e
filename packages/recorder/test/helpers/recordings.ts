import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { ndarray, type NdArray, type RecordingSource } from "@deepreplay/frames";

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "deepreplay-recorder-"));
}

/** Small deterministic data: n points on a line, labelled by the sign of x. */
export function lineData(n: number): { inputs: NdArray; targets: NdArray } {
  const inputs = new Float64Array(2 * n);
  const targets = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = -1 + (2 * i) / (n - 1);
    inputs.set([x, x * x], 2 * i);
    targets[i] = x > 0 ? 1 : 0;
  }
  return { inputs: ndarray(inputs, [n, 2]), targets: ndarray(targets, [n, 1]) };
}

/** Weights of the parabola model whose every value encodes (epoch, layer, weight, index). */
export function taggedWeights(epoch: number): NdArray[][] {
  const tag = (layer: number, weight: number, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return ndarray(
      Float32Array.from({ length: size }, (_, i) => epoch + layer / 10 + weight / 100 + i / 1000),
      shape,
    );
  };
  return [
    [tag(0, 0, [2, 2]), tag(0, 1, [2])],
    [tag(1, 0, [2, 1]), tag(1, 1, [1])],
  ];
}

/** Two sources hold the same recording: info, data, every epoch's weights, every series. */
export function expectSameRecording(actual: RecordingSource, expected: RecordingSource): void {
  expect(actual.info).toEqual(expected.info);
  expect(actual.inputs().shape).toEqual(expected.inputs().shape);
  expect(Array.from(actual.inputs().data)).toEqual(Array.from(expected.inputs().data));
  expect(Array.from(actual.targets().data)).toEqual(Array.from(expected.targets().data));
  for (let epoch = 0; epoch <= expected.info.completedEpochs; epoch++) {
    expect(actual.weights(epoch)).toEqual(expected.weights(epoch));
  }
  for (const name of expected.info.series) expect(actual.series(name)).toEqual(expected.series(name));
}
