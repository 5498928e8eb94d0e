/**
 * Turns what a caller hands in (figures, single frames, or one frame sequence per panel; sync
 * or async) into one checked stream of figures: same panels in every epoch, epochs rising.
 */
import {
  checkFrame,
  DeepReplayError,
  FRAME_KINDS,
  isFrameKind,
  panelSignature,
  type Figure,
  type Frame,
} from "@deepreplay/frames";

export type FrameSequence = Iterable<Frame> | AsyncIterable<Frame>;
export type FigureSequence = Iterable<Figure | Frame> | AsyncIterable<Figure | Frame>;
/** Figures (or frames, each a one-panel figure) epoch by epoch, or one frame sequence per panel. */
export type ReplayInput = FigureSequence | readonly FrameSequence[];

/**
 * Figures checked against the first one: same panel kinds, epochs of the panels agree, epochs
 * rise, and every frame is whole (its kind's checks), so a bad frame fails here and not later
 * in a reader's browser.
 */
export async function* checkedFigures(input: ReplayInput): AsyncGenerator<Figure> {
  let first: Figure | undefined;
  let previousEpoch = -Infinity;
  if (!isIterable(input)) {
    throw new DeepReplayError(
      "INVALID_INPUT",
      `A replay needs a sequence of figures or frames; got ${describe(input)}.`,
      {
        hint: "Pass an array or (async) iterable of frames or figures, e.g. [frame] for a single frame.",
      },
    );
  }
  const sequences = isPanelSequences(input);
  for await (const item of sequences ? zipPanels(input) : input) {
    const figure = sequences ? composed(item as Frame[]) : asFigure(item as Figure | Frame);
    if (first) checkComposable(first, figure);
    else first = figure;
    if (figure.epoch <= previousEpoch) {
      throw new DeepReplayError("EPOCH_ORDER", `Epoch ${figure.epoch} comes after epoch ${previousEpoch}.`, {
        hint: "Hand the frames over in rising epoch order, each epoch once.",
      });
    }
    previousEpoch = figure.epoch;
    yield figure;
  }
  if (!first) {
    throw new DeepReplayError("EMPTY_REPLAY", "There are no frames to replay.", {
      hint: "Pass at least one epoch of frames (check the epoch range you asked for).",
    });
  }
}

function isPanelSequences(input: ReplayInput): input is readonly FrameSequence[] {
  return Array.isArray(input) && input.length > 0 && input.every(isIterable);
}

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value);
}

/** The frames of each epoch from parallel panel sequences, which must cover the same epochs. */
async function* zipPanels(sequences: readonly FrameSequence[]): AsyncGenerator<Frame[]> {
  const iterators = sequences.map((sequence) =>
    Symbol.asyncIterator in sequence ? sequence[Symbol.asyncIterator]() : sequence[Symbol.iterator](),
  );
  const lastEpoch: (number | undefined)[] = sequences.map(() => undefined);
  const finished = sequences.map(() => false);
  try {
    for (;;) {
      const results = await Promise.all(iterators.map((iterator) => iterator.next()));
      results.forEach((result, i) => (finished[i] = result.done === true));
      if (finished.every(Boolean)) return;
      const done = finished.indexOf(true);
      if (done >= 0) {
        const going = finished.indexOf(false);
        throw epochMismatch(
          `Panel ${done + 1} ends after epoch ${lastEpoch[done] ?? "(none)"} while panel ${going + 1} goes on to epoch ${(results[going].value as Frame).epoch}.`,
        );
      }
      const panels = results.map((result) => result.value as Frame);
      panels.forEach((frame, i) => (lastEpoch[i] = frame?.epoch));
      yield panels;
    }
  } finally {
    await Promise.all(iterators.map((iterator, i) => (finished[i] ? undefined : iterator.return?.())));
  }
}

function asFigure(item: Figure | Frame): Figure {
  if (item !== null && typeof item === "object") {
    if ("panels" in item && Array.isArray(item.panels)) {
      checkPanels(item.epoch, item.panels);
      return item;
    }
    if ("kind" in item) return composed([item]);
  }
  throw new DeepReplayError("INVALID_INPUT", `A replay is made of figures or frames; got ${describe(item)}.`, {
    hint: "Pass the frames (or figures) that @deepreplay/core yields, or one frame sequence per panel.",
  });
}

/** Frames of one epoch handed over without a figure: a figure of them in the default layout (the page settles it). */
function composed(panels: readonly Frame[]): Figure {
  const epoch = panels[0]?.epoch;
  checkPanels(epoch, panels);
  return { epoch, panels };
}

function checkPanels(epoch: number, panels: readonly Frame[]): void {
  if (panels.length === 0) {
    throw new DeepReplayError("EMPTY_FIGURE", `The figure of epoch ${epoch} has no panels.`, {
      hint: "Give every figure at least one panel.",
    });
  }
  panels.forEach((frame, i) => {
    if (frame === null || typeof frame !== "object" || !isFrameKind(frame.kind)) {
      throw new DeepReplayError("INVALID_INPUT", `Panel ${i + 1} is not a frame: ${describe(frame)}.`, {
        hint: `Frames have a kind, one of ${FRAME_KINDS.join(", ")}.`,
      });
    }
    if (!Number.isInteger(frame.epoch) || frame.epoch < 0) {
      throw new DeepReplayError("INVALID_FRAME", `Panel ${i + 1} (${frame.kind}) has epoch ${frame.epoch}.`, {
        hint: "Epochs are whole numbers: 0 for the initial weights, k after k epochs.",
      });
    }
    if (frame.epoch !== epoch) {
      throw epochMismatch(`Panel ${i + 1} (${frame.kind}) is at epoch ${frame.epoch} in the figure of epoch ${epoch}.`);
    }
    checkFrame(frame);
  });
}

/** Every epoch must show the same panels, so that the page can swap one for the next. */
function checkComposable(first: Figure, figure: Figure): void {
  const expected = panelsShown(first);
  const found = panelsShown(figure);
  if (expected !== found) {
    throw new DeepReplayError(
      "INCOMPATIBLE_PANELS",
      `Epoch ${figure.epoch} shows [${found}] where epoch ${first.epoch} shows [${expected}].`,
      {
        hint: "Compose the same visualisations, in the same order, for every epoch.",
      },
    );
  }
}

function panelsShown(figure: Figure): string {
  return figure.panels.map(panelSignature).join(", ");
}

function epochMismatch(message: string): DeepReplayError {
  return new DeepReplayError("EPOCH_MISMATCH", message, {
    hint: "Compute every panel over the same epoch range.",
  });
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "(none)"}`;
}
