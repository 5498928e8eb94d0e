import * as Plot from "@observablehq/plot";
import { stableIds } from "./ids.js";
import { FONT_FAMILY } from "./theme.js";

const SVG = "http://www.w3.org/2000/svg";
const HEADING_HEIGHT = 40;

export interface GridLayout {
  /** Panels per row. */
  readonly columns: number;
  /** Text above the panels (the original's suptitle), if any. */
  readonly heading?: string;
}

/**
 * Draws panels with Plot into one SVG: each panel a nested <svg> in a grid cell, under an optional
 * heading, on a white background. `document` is the page's in a browser, jsdom's in Node.
 * Every <svg> names DejaVu Sans, the font the PNG renderer gives resvg.
 */
export function drawPanels(panels: readonly Plot.PlotOptions[], layout: GridLayout, document: Document): SVGSVGElement {
  const columns = Math.min(layout.columns, panels.length);
  const rows = Math.ceil(panels.length / columns);
  const cellWidth = Math.max(...panels.map((p) => p.width ?? 0));
  const cellHeight = Math.max(...panels.map((p) => p.height ?? 0));
  const top = layout.heading === undefined ? 0 : HEADING_HEIGHT;
  const width = columns * cellWidth;
  const height = top + rows * cellHeight;

  const root = svgElement(document, "svg", { width, height, viewBox: `0 0 ${width} ${height}`, "font-family": FONT_FAMILY });
  root.append(svgElement(document, "rect", { width, height, fill: "white" }));
  if (layout.heading !== undefined) {
    const heading = svgElement(document, "text", { x: width / 2, y: 26, "font-size": 16, "text-anchor": "middle", "aria-label": "figure heading" });
    heading.textContent = layout.heading;
    root.append(heading);
  }
  panels.forEach((options, i) => {
    const svg = Plot.plot({ ...options, document }) as SVGSVGElement;
    svg.setAttribute("x", `${(i % columns) * cellWidth}`);
    svg.setAttribute("y", `${top + Math.floor(i / columns) * cellHeight}`);
    svg.setAttribute("font-family", FONT_FAMILY);
    // A panel draws inside its cell anyway; an overflow clip would cost resvg a full-size layer per panel.
    svg.setAttribute("overflow", "visible");
    shareClips(svg);
    root.append(svg);
  });
  stableIds(root);
  return root as SVGSVGElement;
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
