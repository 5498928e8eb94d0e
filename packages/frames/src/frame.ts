/**
 * Frames: one epoch of one visualisation, as plain data (typed arrays, domains, labels).
 * Core produces them, renderers draw them, and nothing else passes between the two.
 * Points are stored flat, x0 y0 x1 y1 ..., so a frame crosses workers and JSON cheaply.
 */

import type { FigureLayout } from "./layout.js";

export type Extent = readonly [min: number, max: number];

interface FrameBase<K extends string> {
  readonly kind: K;
  /** 0 = initial weights, k = weights after k epochs. */
  readonly epoch: number;
  /**
   * False when the epoch's weights or the values the frame carries from the start are NaN or infinite
   * (a diverged run; parts computed when first read are not checked); renderers draw a note.
   */
  readonly finite: boolean;
  /** Free text a renderer shows with the frame, e.g. why it is not finite. */
  readonly note?: string;
}

/** Polyline family: `lines` lines of `pointsPerLine` points each, flat xy. */
export interface GridLines {
  readonly points: Float32Array;
  readonly lines: number;
  readonly pointsPerLine: number;
}

/** Labelled points, flat xy, with the class index of each. */
export interface LabelledPoints {
  readonly points: Float32Array;
  readonly classes: Int32Array;
  /** The class the model predicts for each point, where the frame shows it (a projected space has no regions). */
  readonly predicted?: Int32Array;
}

/**
 * A layer's outputs A seen on their two leading principal components: the points drawn are
 * (A − mean) · components, one map for every epoch of the range, so what moves is training.
 */
export interface SpaceProjection {
  readonly method: "pca";
  /** The mean of the outputs over every input at every epoch fitted: [units]. */
  readonly mean: Float32Array;
  /** The two components as columns, row-major [units, 2]; each one's largest-magnitude entry is positive. */
  readonly components: Float32Array;
  /** The share of the outputs' variance each component explains. */
  readonly explained: readonly [number, number];
}

/** The original's sampled contour: a size × size grid, bent, with the predicted class of each point. */
export interface SampledContour {
  readonly points: Float32Array;
  readonly size: number;
  readonly prediction: Int32Array;
}

/**
 * The exact vector region where the model predicts one class: polygons whose first ring is the
 * outline and whose further rings are holes (even-odd fill), flat xy per ring.
 */
export interface DecisionRegion {
  readonly classIndex: number;
  readonly polygons: readonly (readonly Float32Array[])[];
}

/** Feature space of a 2-unit layer, or the decision boundary in input space. */
export interface SpaceFrame extends FrameBase<"feature-space" | "decision-boundary"> {
  /** The layer whose output is drawn (feature space only). */
  readonly layer?: string;
  readonly xDomain: Extent;
  readonly yDomain: Extent;
  /** Class labels, index = class. */
  readonly classes: readonly string[];
  readonly inputs: LabelledPoints;
  /** Grid lines (bent, in the feature space); absent when not displayed or inputs are not 2-D. */
  readonly grid?: GridLines;
  /** The sampled contour grid with its predictions; absent when not computed. */
  readonly contour?: SampledContour;
  readonly regions: readonly DecisionRegion[];
  /** How a layer wider than 2 units is drawn in the plane; absent when the 2 units are the axes. */
  readonly projection?: SpaceProjection;
}

export type FeatureSpaceFrame = SpaceFrame & { readonly kind: "feature-space" };
export type DecisionBoundaryFrame = SpaceFrame & { readonly kind: "decision-boundary" };

/** Predicted probabilities per input, split by target class. */
export interface ProbabilityHistogramFrame extends FrameBase<"probability-histogram"> {
  readonly classes: readonly string[];
  /** Binary: P(positive class). Several classes: the probability of the input's own target class. */
  readonly probabilities: Float32Array;
  readonly targets: Int32Array;
  /** 1 where the prediction matches the target. */
  readonly correct: Uint8Array;
}

/** Loss of every input at one epoch. */
export interface LossHistogramFrame extends FrameBase<"loss-histogram"> {
  readonly lossName: string;
  readonly losses: Float32Array;
  /**
   * The finite losses' extent over every epoch of the range, which the bins span (the original's
   * scale), so that all frames of a range bin alike; absent when none is finite, or for a frame
   * made by hand, whose bins then span its own losses.
   */
  readonly lossExtent?: Extent;
}

/** Loss and one metric over all inputs for a range of epochs; `epoch` is the current one. */
export interface LossAndMetricFrame extends FrameBase<"loss-and-metric"> {
  readonly lossName: string;
  readonly metricName: string;
  readonly epochs: Int32Array;
  readonly loss: Float32Array;
  readonly metric: Float32Array;
}

export type LayerQuantity = "weights" | "gradients" | "activations" | "z-values";

/** Distribution of one quantity per layer (drawn as violins). */
export interface LayerViolinsFrame extends FrameBase<"layer-violins"> {
  readonly quantity: LayerQuantity;
  readonly layers: readonly { readonly name: string; readonly values: Float32Array; readonly std: number }[];
}

/**
 * The loss around the path training took (Li et al. 2018): the plane through the reference weights
 * spanned by directions d1, d2; every frame of a range shares the grid and the trajectory, and
 * `epoch` is the current one.
 */
export interface LossLandscapeFrame extends FrameBase<"loss-landscape"> {
  readonly lossName: string;
  /** The epochs of the range; the trajectory holds one point per entry. */
  readonly epochs: Int32Array;
  /** The epoch whose weights are the plane's origin (the last of the range with finite weights). */
  readonly reference: number;
  /** (a, b) of each epoch of the range, flat; NaN where its weights are not finite. */
  readonly trajectory: Float32Array;
  /** Grid coordinates along d1 (K values) and d2 (K values). */
  readonly a: Float32Array;
  readonly b: Float32Array;
  /** The loss over all inputs at each grid point: K rows (one per b) of K columns (one per a). */
  readonly loss: Float32Array;
  /** The share of the trajectory's variance along d1 and d2. */
  readonly explained: readonly [number, number];
  /** How the loss maps to colour. */
  readonly colorScale: "linear" | "log";
}

export type Frame =
  | FeatureSpaceFrame
  | DecisionBoundaryFrame
  | ProbabilityHistogramFrame
  | LossHistogramFrame
  | LossAndMetricFrame
  | LayerViolinsFrame
  | LossLandscapeFrame;

export type FrameKind = Frame["kind"];

export type FrameOfKind<K extends FrameKind> = Extract<Frame, { kind: K }>;

/**
 * Several panels of one epoch drawn as one figure under a shared "TITLE - Epoch N" heading
 * (the original's `compose_plots`), placed on the cells of `layout`.
 */
export interface Figure {
  readonly title?: string;
  readonly epoch: number;
  readonly panels: readonly Frame[];
  /** Where each drawn panel goes; default `defaultLayout(panels)`. */
  readonly layout?: FigureLayout;
  /** Per-panel title prefixes, by panel index. */
  readonly panelTitles?: readonly (string | undefined)[];
}
