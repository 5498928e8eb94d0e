import cliProgress from "cli-progress";

/** One stage of long work: training epochs, replayed epochs, rendered frames. */
export interface ProgressBar {
  increment(by?: number): void;
}

/** Bars shown together, one line per stage, until `stop`. */
export interface Progress {
  bar(label: string, total: number): ProgressBar;
  stop(): void;
}

const silent: Progress = { bar: () => ({ increment() {} }), stop() {} };

/**
 * Bars on stderr; none when stderr is not a terminal or the user asked for quiet, so piped
 * output and logs stay clean.
 */
export function createProgress({
  quiet = false,
  stream = process.stderr,
}: {
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
} = {}): Progress {
  if (quiet || !stream.isTTY) return silent;
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: "{label} {bar} {value}/{total} | {duration_formatted}",
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    bar(label, total) {
      const bar = bars.create(total, 0, { label: label.padEnd(12) });
      return { increment: (by = 1) => bar.increment(by) };
    },
    stop: () => bars.stop(),
  };
}

/** Passes items through, ticking a bar for each. */
export async function* counted<T>(items: Iterable<T> | AsyncIterable<T>, bar: ProgressBar): AsyncGenerator<T> {
  for await (const item of items) {
    bar.increment();
    yield item;
  }
}
