import * as Plot from "@observablehq/plot";
import { defaultTitle, type Extent, type Frame } from "@deepreplay/frames";
import { NON_FINITE_COLOR } from "./theme.js";

/** How one panel is drawn: its size, its title and what animation frames must share. */
export interface PanelOptions {
  /** Size of the panel in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Title prefix, the original's `set_title`. */
  readonly title?: string;
  /** True for a frame drawn alone ("... - Epoch: N"); false inside a figure, whose heading carries the epoch. */
  readonly epochInTitle: boolean;
  /** Loss histograms: the loss extent over every epoch, so all frames of an animation share their bins. */
  readonly lossExtent?: Extent;
}

/** Room above the plot area for the panel's heading, and around it for the axes and their labels. */
const HEADING_MARGIN = 40;
const MARGINS = { marginLeft: 60, marginRight: 20, marginBottom: 45 };

/** Axis labels along the axes, without arrows, as matplotlib writes them. */
export const AXIS = { labelAnchor: "center", labelArrow: "none" } as const;

/**
 * The panel's heading, as the original writes it: "PREFIX TITLE - Epoch: N", "Epoch: N" for the
 * spaces, whose own title is empty. Inside a figure the epoch is left to the figure's heading,
 * and a panel left without any title is named after its kind.
 */
export function panelHeading(frame: Frame, title: string, options: PanelOptions): string {
  const label = [options.title, title].filter((part) => part).join(" ");
  if (options.epochInTitle) return label ? `${label} - Epoch: ${frame.epoch}` : `Epoch: ${frame.epoch}`;
  return label || defaultTitle(frame);
}

/**
 * Completes a panel's Plot options with what every panel has: its size, an axes frame (the
 * matplotlib box), the heading, and the note of a frame that is not finite.
 */
export function panel(frame: Frame, heading: string, plot: Plot.PlotOptions, options: PanelOptions): Plot.PlotOptions {
  const marginTop = plot.marginTop ?? HEADING_MARGIN;
  return {
    width: options.width,
    height: options.height,
    ...MARGINS,
    ...plot,
    x: { ...AXIS, ...plot.x },
    y: { ...AXIS, ...plot.y },
    marginTop,
    marks: [
      ...(plot.marks ?? []),
      Plot.frame({ stroke: "black" }),
      Plot.text([heading], { frameAnchor: "top", dy: 12 - marginTop, fontSize: 13, className: "heading" }),
      frame.finite ? null : nonFiniteNote(frame),
    ],
  };
}

export const NON_FINITE_MESSAGE = "non-finite values: training diverged";

function nonFiniteNote(frame: Frame): Plot.Markish {
  const text = frame.note ? `${NON_FINITE_MESSAGE}\n${frame.note}` : NON_FINITE_MESSAGE;
  return Plot.text([text], {
    frameAnchor: "middle",
    fontSize: 13,
    fill: NON_FINITE_COLOR,
    stroke: "white",
    strokeWidth: 4,
    lineWidth: 30,
    className: "non-finite-note",
  });
}
