/**
 * What the page and the frame worker say to each other: plain data only (frames are plain data too),
 * so every message crosses by structured clone.
 */
import type { BackendName } from "@deepreplay/core";
import { VIEWS, type Frame, type View } from "@deepreplay/frames";

/** The panels the app can show: the frame kinds' views, by the command line's names. */
export const PANEL_KINDS = VIEWS;

export type PanelKind = View;

export const PANEL_LABELS: Record<PanelKind, string> = {
  "feature-space": "Feature space",
  "decision-boundary": "Decision boundary",
  "probability-histogram": "Probabilities",
  "loss-histogram": "Losses",
  "loss-and-metric": "Loss and metric",
  weights: "Weights",
  gradients: "Gradients",
  activations: "Activations",
  "z-values": "Z-values",
  "loss-landscape": "Loss landscape",
};

/** The Part 1 figure: what the app shows first when a run has all four. */
export const DEFAULT_PANELS: readonly PanelKind[] = [
  "feature-space",
  "probability-histogram",
  "loss-and-metric",
  "loss-histogram",
];

/** One panel of the view: its kind, and the layer of a feature space. */
export interface PanelSpec {
  readonly kind: PanelKind;
  readonly layer?: string;
}

/** A file handed to the worker: a recording, or the Keras model file of a Python one. */
export interface SourceFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** One recording (a group of a file) the worker has opened. */
export interface RunInfo {
  /** Stable over reloads of the same file and group: "FILE#GROUP". */
  readonly id: string;
  readonly file: string;
  readonly group: string;
  /** Epochs run 0..lastEpoch (0 = initial weights). */
  readonly lastEpoch: number;
  readonly nEpochs: number;
  /** Hidden layers with 2 units: the feature spaces it has, the last one first. */
  readonly featureLayers: readonly string[];
  /** Why a panel cannot be shown for this run; absent for those it can. */
  readonly unavailable: Partial<Record<PanelKind, string>>;
}

/** A file that opened to no run, and why. */
export interface FileProblem {
  readonly file: string;
  /** The recording of the file that failed to open, when the file itself could be read. */
  readonly group?: string;
  readonly code: string;
  readonly message: string;
}

export interface OpenResult {
  readonly runs: readonly RunInfo[];
  readonly problems: readonly FileProblem[];
  /** The files that hold no recording: Keras model files, kept for recordings opened later. */
  readonly models: readonly string[];
}

/** One panel of one epoch: its frame (which carries what its drawing shares with the other epochs). */
export interface PanelFrame {
  readonly frame: Frame;
}

/** What hovering an input of a space panel reads. */
export interface PointReadout {
  readonly input: readonly number[];
  readonly target: string;
  readonly probability: number;
  readonly loss: number;
}

export type Request =
  | { readonly type: "init"; readonly wasmPath: string }
  | { readonly type: "open"; readonly files: readonly SourceFile[] }
  | { readonly type: "frame"; readonly run: string; readonly panel: PanelSpec; readonly epoch: number }
  | { readonly type: "point"; readonly run: string; readonly epoch: number; readonly index: number }
  | { readonly type: "close"; readonly run: string };

export interface Results {
  init: BackendName;
  open: OpenResult;
  frame: PanelFrame;
  point: PointReadout;
  // biome-ignore lint/suspicious/noConfusingVoidType: a close request resolves to nothing, as a function returning void
  close: void;
}

export interface ErrorReply {
  readonly code: string;
  readonly message: string;
}

export type Reply =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: ErrorReply };
