/**
 * What every package knows of a frame kind, in one table: its default title, how many panels a
 * frame of it draws, whether they keep an equal aspect, what makes a frame of it whole, and what
 * must stay the same from epoch to epoch of a replay. Packages read this table; none switches on kinds.
 */
import { DeepReplayError } from "./errors.js";
import type { Frame, FrameKind, FrameOfKind, LayerQuantity, SpaceFrame } from "./frame.js";

export interface FrameKindDescriptor<K extends FrameKind = FrameKind> {
  readonly kind: K;
  /** The original's default panel title (`set_title` replaces it). */
  readonly title: (frame: FrameOfKind<K>) => string;
  /** How many panels a frame draws, known before drawing so that a layout can place them. */
  readonly panels: (frame: FrameOfKind<K>) => number;
  /** True when one unit on x is drawn as long as one on y (the spaces). */
  readonly equalAspect: boolean;
  /** Throws, through `expect`, when the frame's parts do not fit together. */
  readonly check: (frame: FrameOfKind<K>, expect: (condition: boolean, problem: string) => void) => void;
  /** What besides the kind every epoch of a replay must share (a violin's quantity); default none. */
  readonly variant?: (frame: FrameOfKind<K>) => string;
  /** The names a user picks this kind by, when one kind shows several things (the violins' quantities); default the kind. */
  readonly views?: readonly View[];
}

export const LAYER_QUANTITIES: readonly LayerQuantity[] = ["weights", "gradients", "activations", "z-values"];

const QUANTITY_TITLES: Record<LayerQuantity, string> = {
  weights: "Weights",
  gradients: "Gradients",
  activations: "Activations",
  "z-values": "Z-values",
};

const one = () => 1;

const space = (title: string): Omit<FrameKindDescriptor<"feature-space" | "decision-boundary">, "kind"> => ({
  title: () => title,
  panels: one,
  equalAspect: true,
  check(frame: SpaceFrame, expect) {
    const { inputs, grid, regions, classes } = frame;
    expect(
      inputs.points.length === 2 * inputs.classes.length,
      "inputs.points must hold an x and a y per entry of inputs.classes",
    );
    expect(
      inputs.classes.every((c) => c >= 0 && c < classes.length),
      `input classes must index frame.classes (${classes.length})`,
    );
    expect(
      regions.every((r) => r.classIndex >= 0 && r.classIndex < classes.length),
      "region classIndex must index frame.classes",
    );
    if (grid)
      expect(
        grid.points.length === 2 * grid.lines * grid.pointsPerLine,
        "grid.points must hold lines × pointsPerLine xy pairs",
      );
    // The sampled contour is drawn only when there are no exact regions; core computes it on first read.
    const contour = regions.length === 0 ? frame.contour : undefined;
    if (contour) {
      expect(contour.points.length === 2 * contour.size ** 2, "contour.points must hold size² xy pairs");
      expect(contour.prediction.length === contour.size ** 2, "contour.prediction must hold size² classes");
    }
  },
});

/** Every frame kind's descriptor, in the order kinds are listed. */
export const FRAME_KIND_DESCRIPTORS: { readonly [K in FrameKind]: FrameKindDescriptor<K> } = {
  "feature-space": { kind: "feature-space", ...space("Feature Space") },
  "decision-boundary": { kind: "decision-boundary", ...space("Decision Boundary") },
  "probability-histogram": {
    kind: "probability-histogram",
    title: () => "Probability Histogram",
    // The original draws one histogram per target class: "Negative Cases" and "Positive Cases".
    panels: (frame) => frame.classes.length,
    equalAspect: false,
    check(frame, expect) {
      expect(frame.classes.length > 0, "a probability histogram needs at least one class");
      expect(
        frame.probabilities.length === frame.targets.length && frame.correct.length === frame.targets.length,
        "probabilities, targets and correct must have one entry per input",
      );
      expect(
        frame.targets.every((t) => t >= 0 && t < frame.classes.length),
        "targets must index frame.classes",
      );
    },
  },
  "loss-histogram": {
    kind: "loss-histogram",
    title: () => "Losses",
    panels: one,
    equalAspect: false,
    check: () => undefined,
  },
  "loss-and-metric": {
    kind: "loss-and-metric",
    title: () => "Loss and Metric",
    panels: one,
    equalAspect: false,
    check(frame, expect) {
      expect(frame.epochs.length > 0, "a loss-and-metric frame needs at least one epoch");
      expect(
        frame.loss.length === frame.epochs.length && frame.metric.length === frame.epochs.length,
        "loss and metric need one value per epoch",
      );
    },
  },
  "layer-violins": {
    kind: "layer-violins",
    title: (frame) => QUANTITY_TITLES[frame.quantity],
    panels: one,
    equalAspect: false,
    check: () => undefined,
    variant: (frame) => frame.quantity,
    views: LAYER_QUANTITIES,
  },
  "loss-landscape": {
    kind: "loss-landscape",
    title: () => "Loss Landscape",
    panels: one,
    // Its two directions span very different lengths (d1 often holds 99 % of the path): equal units would draw a strip.
    equalAspect: false,
    check(frame, expect) {
      expect(frame.a.length > 1 && frame.b.length > 1, "a loss landscape needs at least 2 grid values per axis");
      expect(
        frame.loss.length === frame.a.length * frame.b.length,
        "loss must hold a.length × b.length values, one row per b",
      );
      expect(frame.trajectory.length === 2 * frame.epochs.length, "trajectory must hold an a and a b per epoch");
    },
  },
};

export const FRAME_KINDS: readonly FrameKind[] = Object.keys(FRAME_KIND_DESCRIPTORS) as FrameKind[];

/**
 * The things a user can ask to see, by name: each kind, or each of its views (the violins'
 * quantities), in the order of the kinds. The command line's kinds and the web app's panels.
 */
export const VIEWS = FRAME_KINDS.flatMap(
  (kind): readonly string[] => FRAME_KIND_DESCRIPTORS[kind].views ?? [kind],
) as readonly View[];

/** A name in VIEWS: a frame kind, or a view of one (the violins' quantities). */
export type View = Exclude<FrameKind, "layer-violins"> | LayerQuantity;

export function isFrameKind(kind: unknown): kind is FrameKind {
  return typeof kind === "string" && Object.hasOwn(FRAME_KIND_DESCRIPTORS, kind);
}

/** The descriptor of a kind, or an INVALID_FRAME error naming the kinds there are. */
export function frameKind<K extends FrameKind>(kind: K): FrameKindDescriptor<K> {
  if (!isFrameKind(kind)) {
    throw new DeepReplayError("INVALID_FRAME", `Unknown frame kind "${String(kind)}".`, {
      hint: `Frame kinds: ${FRAME_KINDS.join(", ")}.`,
    });
  }
  return FRAME_KIND_DESCRIPTORS[kind] as unknown as FrameKindDescriptor<K>;
}

/** The original's default panel titles (`set_title` replaces them). */
export function defaultTitle(frame: Frame): string {
  return frameKind(frame.kind).title(frame as never);
}

/** How many panels a frame draws, known before drawing so that a layout can place them. */
export function panelCount(frame: Frame): number {
  return frameKind(frame.kind).panels(frame as never);
}

/** True for the kinds whose panels keep an equal aspect (the spaces: one unit on x is one unit on y). */
export function keepsEqualAspect(kind: FrameKind): boolean {
  return frameKind(kind).equalAspect;
}

/** What a frame shows, for comparing the panels of epochs: its kind, and its variant if any ("layer-violins (weights)"). */
export function panelSignature(frame: Frame): string {
  const variant = frameKind(frame.kind).variant?.(frame as never);
  return variant === undefined ? frame.kind : `${frame.kind} (${variant})`;
}

/**
 * Refuses a frame whose parts do not fit together (lengths, class indices): such a frame is a
 * bug upstream, not data. NaN and infinite values are data (a diverged run) and pass.
 */
export function checkFrame(frame: Frame): void {
  // frameKind refuses what is not a frame of a known kind (undefined included) with INVALID_FRAME.
  frameKind((frame as Partial<Frame> | undefined)?.kind as FrameKind).check(frame as never, (condition, problem) => {
    if (!condition) {
      throw new DeepReplayError("INVALID_FRAME", `Inconsistent frame: ${problem}.`, {
        hint: "Frames come from @deepreplay/core or must follow the types of @deepreplay/frames.",
      });
    }
  });
}
