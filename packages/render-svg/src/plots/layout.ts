import * as Plot from "@observablehq/plot";
import { stableIds } from "./ids.js";
import { FONT_FAMILY } from "./theme.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * A panel and where its top-left corner goes in the figure: its Plot options, or the SVG markup
 * of a plugin that does not draw with Plot, at its size.
 */
export type PlacedPanel =
  | { readonly plot: Plot.PlotOptions; readonly x: number; readonly y: number }
  | {
      readonly markup: string;
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
    };

export interface FigureBox {
  readonly width: number;
  readonly height: number;
  /** Text above the panels (the original's suptitle), if any. */
  readonly heading?: string;
}

/** The figure heading's font size; its baseline sits 26 px down, in the figure's top 40 px. */
export const FIGURE_HEADING_FONT_SIZE = 16;
export const FIGURE_HEADING_HEIGHT = 40;

/**
 * Draws panels with Plot into one SVG: each panel a nested <svg> at its place, under an optional
 * heading, on a white background. `document` is the page's in a browser, jsdom's in Node.
 * Every <svg> names DejaVu Sans, the font the PNG renderer gives resvg.
 */
export function drawPanels(panels: readonly PlacedPanel[], figure: FigureBox, document: Document): SVGSVGElement {
  const { width, height } = figure;
  const root = svgElement(document, "svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    "font-family": FONT_FAMILY,
  });
  root.append(svgElement(document, "rect", { width, height, fill: "white" }));
  if (figure.heading !== undefined) {
    const heading = svgElement(document, "text", {
      x: width / 2,
      y: 26,
      "font-size": FIGURE_HEADING_FONT_SIZE,
      "text-anchor": "middle",
      "aria-label": "figure heading",
    });
    heading.textContent = figure.heading;
    root.append(heading);
  }
  for (const placed of panels) {
    if ("markup" in placed) {
      root.append(parsedSvg(placed, document));
      continue;
    }
    const { plot, x, y } = placed;
    const svg = Plot.plot({ ...plot, document }) as SVGSVGElement;
    svg.setAttribute("x", `${x}`);
    svg.setAttribute("y", `${y}`);
    svg.setAttribute("font-family", FONT_FAMILY);
    // A panel draws inside its box anyway; an overflow clip would cost resvg a full-size layer per panel.
    svg.setAttribute("overflow", "visible");
    shareClips(svg);
    root.append(svg);
  }
  stableIds(root);
  return root as SVGSVGElement;
}

/** A plugin's SVG markup as a nested <svg> of the figure, at its place and size. */
function parsedSvg(
  { markup, x, y, width, height }: Extract<PlacedPanel, { markup: string }>,
  document: Document,
): Element {
  const parser = new document.defaultView!.DOMParser();
  const svg = document.importNode(parser.parseFromString(markup, "image/svg+xml").documentElement, true);
  for (const [key, value] of Object.entries({ x, y, width, height })) svg.setAttribute(key, `${value}`);
  return svg;
}

/**
 * Plot clips each mark on its own, and resvg draws every clipped group in a layer of its own, the
 * size of the image. Consecutive marks under the same clip go into one clipped group instead,
 * which draws the same picture in about half the time.
 */
function shareClips(panel: Element): void {
  let run: Element[] = [];
  const flush = () => {
    if (run.length > 1) {
      const group = svgElement(panel.ownerDocument, "g", { "clip-path": run[0].getAttribute("clip-path")! });
      run[0].before(group);
      for (const element of run) {
        element.removeAttribute("clip-path");
        group.append(element);
      }
    }
    run = [];
  };
  for (const element of Array.from(panel.children)) {
    const clip = element.getAttribute("clip-path");
    if (clip === null || (run.length > 0 && run[0].getAttribute("clip-path") !== clip)) flush();
    if (clip !== null) run.push(element);
  }
  flush();
}

function svgElement(document: Document, name: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, name) as SVGElement;
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, `${value}`);
  return element;
}
