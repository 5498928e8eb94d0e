import { DeepReplayError } from "./errors.js";
import type { Figure, Frame } from "./frame.js";
import {
  defaultLayout,
  drawnPanelKinds,
  gridLayout,
  resolveLayout,
  type FigureLayout,
  type LayoutSpec,
} from "./layout.js";

export interface ComposeOptions {
  /** The figure's heading, before " - Epoch N". */
  readonly title?: string;
  /** Where each drawn panel goes, as data or a mosaic such as "aabd;aace" (see parseLayout). Default: defaultLayout. */
  readonly layout?: LayoutSpec;
  /** Instead of a layout: this many panels per row, row by row. */
  readonly columns?: number;
  /** A title prefix per source, e.g. the run each feature space comes from. */
  readonly panelTitles?: readonly (string | undefined)[];
}

/**
 * The layout of a figure of these frames: the one asked for (a layout, or a number of columns),
 * else the default, checked to place every panel the frames draw.
 */
export function figureLayout(
  frames: readonly Frame[],
  { layout, columns }: Pick<ComposeOptions, "layout" | "columns"> = {},
): FigureLayout {
  if (layout !== undefined && columns !== undefined) {
    throw new DeepReplayError("INVALID_LAYOUT", "A figure takes a layout or a number of columns, not both.", {
      hint: "Leave out columns when you give a layout.",
    });
  }
  const count = drawnPanelKinds(frames).length;
  if (layout !== undefined) return resolveLayout(layout, count);
  return columns !== undefined ? gridLayout(count, columns) : defaultLayout(frames);
}

/**
 * The original's compose_plots / compose_animations: sources of frames over the same epochs, zipped
 * into one figure per epoch, all laid out alike (the layout is settled on the first epoch's frames).
 * Lazy; stops with the shortest source.
 */
export function* composeFigures(sources: readonly Iterable<Frame>[], options: ComposeOptions = {}): Generator<Figure> {
  const { title, panelTitles } = options;
  const iterators = sources.map((source) => source[Symbol.iterator]());
  let layout: FigureLayout | undefined;
  try {
    for (;;) {
      const steps = iterators.map((iterator) => iterator.next());
      if (steps.length === 0 || steps.some((step) => step.done)) return;
      const panels = steps.map((step) => step.value as Frame);
      layout ??= figureLayout(panels, options);
      yield { title, epoch: panels[0].epoch, panels, layout, panelTitles };
    }
  } finally {
    for (const iterator of iterators) iterator.return?.();
  }
}
