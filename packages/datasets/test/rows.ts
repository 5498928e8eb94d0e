import type { Dataset } from "@deepreplay/datasets";

/** The rows of a data set as plain arrays, each with its label. */
export function rows({ inputs, targets }: Dataset): { point: number[]; label: number }[] {
  const width = inputs.shape[1];
  return Array.from(targets.data, (label, i) => ({
    point: Array.from(inputs.data.subarray(i * width, (i + 1) * width)),
    label,
  }));
}

/** Rows as sorted strings: equal lists mean the same rows up to order. */
export function rowSet(data: Dataset): string[] {
  return rows(data)
    .map(({ point, label }) => `${label}|${point.join(",")}`)
    .sort();
}

export function count(labels: ArrayLike<number>, value: number): number {
  return Array.from(labels).filter((label) => label === value).length;
}

export function mean(values: ArrayLike<number>): number {
  return Array.from(values).reduce((a, b) => a + b, 0) / values.length;
}

export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  return Math.sqrt(mean(Array.from(values, (v) => (v - m) ** 2)));
}
