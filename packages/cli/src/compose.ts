import type { Figure, Frame } from "@deepreplay/frames";
import { panelCount } from "@deepreplay/render-svg";

export interface ComposeOptions {
  /** The figure's heading, before " - Epoch N". */
  title?: string;
  /** Cells per row (a binary probability histogram takes two); default a near-square grid. */
  columns?: number;
  /** A title prefix per source, e.g. the run each feature space comes from. */
  panelTitles?: readonly (string | undefined)[];
}

/**
 * The original's compose_plots / compose_animations: sources of frames over the same epochs, zipped
 * into one figure per epoch. Lazy; stops with the shortest source.
 */
export function* composeFigures(sources: readonly Iterable<Frame>[], { title, columns, panelTitles }: ComposeOptions = {}): Generator<Figure> {
  const iterators = sources.map((source) => source[Symbol.iterator]());
  try {
    for (;;) {
      const steps = iterators.map((iterator) => iterator.next());
      if (steps.some((step) => step.done)) return;
      const panels = steps.map((step) => step.value as Frame);
      const cells = panels.reduce((n, frame) => n + panelCount(frame), 0);
      yield { title, epoch: panels[0].epoch, panels, columns: columns ?? Math.ceil(Math.sqrt(cells)), panelTitles };
    }
  } finally {
    for (const iterator of iterators) iterator.return?.();
  }
}
