import * as Plot from "@observablehq/plot";
import { ticks as niceTicks, tickStep } from "d3-array";
import { format as d3Format, precisionFixed } from "d3-format";
import { defaultTitle, type Extent, type Frame } from "@deepreplay/frames";
import { fitText, LINE_HEIGHT_EM, textWidth, wrapText } from "./text.js";
import { NON_FINITE_COLOR } from "./theme.js";

/** How one panel is drawn: its size and its title. */
export interface PanelOptions {
  /** Size of the panel in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Title prefix, the original's `set_title`. */
  readonly title?: string;
  /** True for a frame drawn alone ("... - Epoch: N"); false inside a figure, whose heading carries the epoch. */
  readonly epochInTitle: boolean;
}

/** One linear axis of a panel: its domain and label, at most `ticks` ticks written with `tickFormat` (a d3-format specifier). */
export interface PanelAxis {
  readonly domain: Extent;
  readonly label: string;
  readonly ticks?: number;
  /** "d" or ",d" keeps whole-number ticks only; default: as many decimals as the tick step needs. */
  readonly tickFormat?: string;
  /** A categorical axis: a tick per slot 0, 1, … labelled with its category, shortened to its slot. */
  readonly categories?: readonly string[];
}

/** A second y axis on the right over a domain of its own (matplotlib's twinx), drawn onto the panel's y scale. */
export interface TwinAxis extends PanelAxis {
  readonly color: string;
}

/**
 * A panel as a plot describes it: its marks and axes. `aspectRatio` 1 keeps one unit on x as long
 * as one on y (matplotlib's `set_aspect("equal")`, the frame shrunk and centred in the panel).
 */
export interface PanelPlot {
  readonly x: PanelAxis;
  readonly y: PanelAxis;
  readonly twinY?: TwinAxis;
  readonly aspectRatio?: number;
  /** The original's legend at the lower left inside the frame: a coloured line and a name per series. */
  readonly legend?: readonly (readonly [name: string, color: string])[];
  readonly marks: Plot.Markish[];
}

/** Font sizes: Plot's own for ticks, labels and legends; the original's for headings. */
export const FONT_SIZE = 10;
const HEADING_FONT_SIZE = 13;

/**
 * Room above the plot frame for the heading, and the least around it for the axes. The right
 * margin keeps the next panel's y axis label nearer its own frame than this one.
 */
const MARGINS = { top: 40, right: 30, bottom: 45, left: 60 };
/** Plot's ticks: 6 px long, labels 3 px beyond. */
const TICK_ROOM = 9;
/** Least space between two labels, and between a label and the panel's edge. */
const GAP = 4;
const LINE = LINE_HEIGHT_EM * FONT_SIZE;
/** From the frame to the far edge of the x axis label: below the tick labels, clear of them. */
const X_LABEL_OFFSET = Math.ceil(TICK_ROOM + LINE + 2 + LINE);
/** Plot's default tick density: one per 80 px across, one per 35 px up. */
const TICK_SPACING = { x: 80, y: 35 };
/** The most one side of an equal-aspect frame may be longer than the other, so that a degenerate domain still draws as an area. */
const MAX_ASPECT = 4;

/** Axis labels along the axes, without arrows, as matplotlib writes them. */
const AXIS = { labelAnchor: "center", labelArrow: "none" } as const;

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

/** Room below the axes for the note of a finite frame (a projection says what it cannot show): two small lines. */
const NOTE_FONT_SIZE = 9;
const NOTE_MARGIN = Math.ceil(2 * LINE_HEIGHT_EM * NOTE_FONT_SIZE) + GAP;

/**
 * A panel's Plot options: its size, an axes frame (the matplotlib box), the heading, the note of
 * a frame (over the frame when it is not finite, else as a caption under the axes), and margins that make room for every label. Ticks are thinned
 * until their labels clear each other, the axis labels sit just beyond the tick labels of their
 * own axis, shortened to its length, and headings to the panel's width, so no text overlaps
 * another or leaves the panel at any size.
 */
export function panel(frame: Frame, heading: string, plot: PanelPlot, options: PanelOptions): Plot.PlotOptions {
  const { width, height } = options;
  const { x, y, twinY } = plot;
  const caption = frame.finite && frame.note ? frame.note : undefined;
  const base = { ...MARGINS, bottom: MARGINS.bottom + (caption ? NOTE_MARGIN : 0) };
  // Margins wide enough for the tick labels of the longest axes the panel could have (an equal aspect only shortens them).
  const tallest = height - base.top - base.bottom;
  const left = Math.max(base.left, yLabelOffset(axisTicks(y, tallest, "y")) + GAP);
  const twinRoom = twinY ? yLabelOffset(axisTicks(twinY, tallest, "y")) + GAP : base.right;
  const right = Math.max(twinRoom, axisTicks(x, width - left - twinRoom, "x").widest / 2 + GAP);
  const margins = equalAspect(
    { ...base, left, right },
    width,
    height,
    plot.aspectRatio && (plot.aspectRatio * span(y.domain)) / span(x.domain),
  );
  const frameWidth = width - margins.left - margins.right;
  const frameHeight = height - margins.top - margins.bottom;
  const xTicks = axisTicks(x, frameWidth, "x");
  const yTicks = axisTicks(y, frameHeight, "y");
  const yAxis = {
    ...AXIS,
    label: fitText(y.label, frameHeight, FONT_SIZE),
    ticks: yTicks.values,
    tickFormat: yTicks.format,
    labelOffset: yLabelOffset(yTicks),
  };
  return {
    width,
    height,
    marginTop: margins.top,
    marginRight: margins.right,
    marginBottom: margins.bottom,
    marginLeft: margins.left,
    x: {
      ...AXIS,
      domain: x.domain,
      label: fitText(x.label, frameWidth, FONT_SIZE),
      ticks: xTicks.values,
      tickFormat: xTicks.format,
      labelOffset: X_LABEL_OFFSET,
    },
    y: { ...yAxis, domain: y.domain },
    marks: [
      ...plot.marks,
      // An axis mark of its own replaces Plot's implicit y axis: the left one is then drawn as a mark too.
      ...(twinY
        ? [Plot.axisY(yTicks.values, { ...yAxis, anchor: "left" }), twinAxis(twinY, y.domain, frameHeight)]
        : []),
      ...legend(plot.legend ?? [], frameWidth),
      Plot.frame({ stroke: "black" }),
      Plot.text([fitText(heading, width - 2 * GAP, HEADING_FONT_SIZE)], {
        frameAnchor: "top",
        // Centred on the panel, whatever its margins.
        dx: (margins.right - margins.left) / 2,
        dy: 12 - margins.top,
        fontSize: HEADING_FONT_SIZE,
        className: "heading",
      }),
      // Over the frame, above the legend.
      frame.finite ? null : nonFiniteNote(frame, frameWidth, frameHeight - legendHeight(plot.legend)),
      caption ? noteCaption(caption, width, margins) : null,
    ],
  };
}

/** A finite frame's note in small grey type under the x axis label, centred on the panel, wrapped to its width. */
function noteCaption(
  note: string,
  width: number,
  margins: { left: number; right: number; bottom: number },
): Plot.Markish {
  const lines = wrapText(note, width - 2 * GAP, NOTE_FONT_SIZE, 2);
  return Plot.text([lines.join("\n")], {
    frameAnchor: "bottom",
    lineAnchor: "top",
    dx: (margins.right - margins.left) / 2,
    dy: margins.bottom - NOTE_MARGIN,
    fontSize: NOTE_FONT_SIZE,
    fill: "#444",
    className: "note",
  });
}

const LEGEND_INSET = 8;
const LEGEND_LINE = 14;

function legendHeight(entries: PanelPlot["legend"]): number {
  return entries?.length ? LEGEND_INSET + LEGEND_LINE * entries.length : 0;
}

/** The legend's entries bottom up from the lower left corner, each shortened to the frame's width. */
function legend(entries: readonly (readonly [name: string, color: string])[], frameWidth: number): Plot.Markish[] {
  return entries.map(([name, color], i) =>
    Plot.text([fitText(`— ${name}`, frameWidth - 2 * LEGEND_INSET, FONT_SIZE)], {
      frameAnchor: "bottom-left",
      dx: LEGEND_INSET,
      dy: -LEGEND_INSET - LEGEND_LINE * (entries.length - 1 - i),
      textAnchor: "start",
      fill: color,
      className: "legend",
    }),
  );
}

interface AxisTicks {
  readonly values: number[];
  readonly format: (value: number) => string;
  /** Width of the widest tick label, in pixels. */
  readonly widest: number;
}

/**
 * The most ticks (up to the axis's own count, else Plot's density) whose labels clear each
 * other along `length` pixels: nice values, d3's ticks, one fewer until they fit.
 */
function axisTicks(axis: PanelAxis, length: number, along: "x" | "y"): AxisTicks {
  const [lo, hi] = axis.domain;
  // The axis's own count, else Plot's density; at least two, so that a short axis still shows its scale.
  const most = axis.ticks ?? Math.max(2, Math.round(length / TICK_SPACING[along]));
  const pixelsPerUnit = length / span(axis.domain);
  if (axis.categories) return categoryTicks(axis.categories, pixelsPerUnit);
  for (let count = most; count >= 1; count--) {
    const candidate = ticksOf(lo, hi, count, axis.tickFormat);
    const widths = candidate.labels.map((label) => textWidth(label, FONT_SIZE));
    const room = (i: number) => (along === "x" ? (widths[i] + widths[i - 1]) / 2 : LINE) + GAP;
    const clear = candidate.values.every((v, i) => i === 0 || (v - candidate.values[i - 1]) * pixelsPerUnit >= room(i));
    if (clear) return { values: candidate.values, format: candidate.format, widest: Math.max(0, ...widths) };
  }
  return { values: [], format: String, widest: 0 };
}

/** A tick per category slot, each label shortened to its slot's width. */
function categoryTicks(categories: readonly string[], slotWidth: number): AxisTicks {
  const labels = categories.map((name) => fitText(name, slotWidth - GAP, FONT_SIZE));
  return {
    values: Array.from(labels.keys()),
    format: (slot) => labels[slot] ?? "",
    widest: Math.max(0, ...labels.map((l) => textWidth(l, FONT_SIZE))),
  };
}

function ticksOf(lo: number, hi: number, count: number, specifier = "") {
  const whole = specifier.endsWith("d");
  const values = niceTicks(lo, hi, count).filter((v) => !whole || Number.isInteger(v));
  const format = d3Format(specifier || `,.${precisionFixed(tickStep(lo, hi, count))}f`);
  return { values, format, labels: values.map(format) };
}

/** From the frame to the outer edge of a y axis label: beyond the ticks and their widest label. */
function yLabelOffset(ticks: AxisTicks): number {
  return Math.ceil(TICK_ROOM + ticks.widest + GAP + LINE);
}

/** The right axis: its ticks placed where its values map onto the y domain, labelled with its own values. */
function twinAxis(twin: TwinAxis, yDomain: Extent, frameHeight: number): Plot.Markish {
  const ticks = axisTicks(twin, frameHeight, "y");
  const [t0, t1] = twin.domain;
  const [y0, y1] = yDomain;
  const toY = (t: number) => y0 + ((t - t0) * (y1 - y0)) / (t1 - t0);
  const labels = new Map(ticks.values.map((t) => [toY(t), ticks.format(t)]));
  return Plot.axisY(ticks.values.map(toY), {
    ...AXIS,
    anchor: "right",
    label: fitText(twin.label, frameHeight, FONT_SIZE),
    color: twin.color,
    labelOffset: yLabelOffset(ticks),
    tickFormat: (at: number) => labels.get(at) ?? "",
  });
}

/**
 * Margins that give the frame the aspect `ratio` (its height over its width, one data unit on y
 * as long as one on x), centred in the space the base margins leave: matplotlib's equal aspect
 * with an adjustable box. No ratio: the base margins.
 */
function equalAspect(base: typeof MARGINS, width: number, height: number, ratio: number | undefined) {
  if (!ratio || !Number.isFinite(ratio)) return base;
  const aspect = Math.min(MAX_ASPECT, Math.max(1 / MAX_ASPECT, ratio));
  const [roomX, roomY] = [width - base.left - base.right, height - base.top - base.bottom];
  const frameWidth = Math.min(roomX, roomY / aspect);
  const [padX, padY] = [(roomX - frameWidth) / 2, (roomY - frameWidth * aspect) / 2];
  return { top: base.top + padY, right: base.right + padX, bottom: base.bottom + padY, left: base.left + padX };
}

function span([lo, hi]: Extent): number {
  return hi - lo;
}

export const NON_FINITE_MESSAGE = "non-finite values: training diverged";

/**
 * The note over a diverged frame, wrapped to the frame, as many lines as fit in the top `height`
 * of it (Plot's lines are 1 em apart), centred there.
 */
function nonFiniteNote(frame: Frame, frameWidth: number, height: number): Plot.Markish {
  const text = frame.note ? `${NON_FINITE_MESSAGE}\n${frame.note}` : NON_FINITE_MESSAGE;
  const lines = wrapText(
    text,
    frameWidth - 2 * GAP,
    HEADING_FONT_SIZE,
    Math.floor((height - LINE_HEIGHT_EM * HEADING_FONT_SIZE) / HEADING_FONT_SIZE) + 1,
  );
  return Plot.text([lines.join("\n")], {
    frameAnchor: "top",
    lineAnchor: "middle",
    dy: height / 2,
    fontSize: HEADING_FONT_SIZE,
    fill: NON_FINITE_COLOR,
    stroke: "white",
    strokeWidth: 4,
    className: "non-finite-note",
  });
}
