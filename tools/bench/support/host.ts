import { readFileSync } from "node:fs";

/**
 * Starts measuring the share of the machine's CPU time the hypervisor gave to other guests ("steal"
 * in /proc/stat) and returns a function that reads it, in percent; undefined off Linux. On a shared
 * host it is what makes the same code measure slower from one run to the next.
 */
export function measureSteal(): () => number | undefined {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (!start || !end) return undefined;
    const total = end.total - start.total;
    return total > 0 ? (100 * (end.steal - start.steal)) / total : undefined;
  };
}

function cpuTimes(): { total: number; steal: number } | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}
