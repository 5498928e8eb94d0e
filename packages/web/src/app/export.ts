import { drawFigure } from "@deepreplay/render-svg/plots";
import type { PanelFrame, RunInfo } from "./protocol.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * The current view as one SVG: each shown run as the renderer's figure (the original's
 * compose_plots in the renderer's default layout, titled with the run), the runs one under the other. The same drawing as
 * `deepreplay plot` makes, not a copy of the screen.
 */
export function viewSvg(view: readonly { run: RunInfo; frames: readonly PanelFrame[] }[]): SVGSVGElement {
  const figures = view
    .filter(({ frames }) => frames.length > 0)
    .map(({ run, frames }) =>
      drawFigure(
        {
          title: `${run.file} · ${run.group}`,
          epoch: frames[0].frame.epoch,
          panels: frames.map((panelFrame) => panelFrame.frame),
        },
        {},
        document,
      ),
    );
  const width = Math.max(0, ...figures.map((figure) => Number(figure.getAttribute("width"))));
  let height = 0;
  const root = document.createElementNS(SVG, "svg");
  root.setAttribute("xmlns", SVG);
  for (const figure of figures) {
    figure.setAttribute("y", String(height));
    height += Number(figure.getAttribute("height"));
    root.append(figure);
  }
  for (const [name, value] of Object.entries({ width, height, viewBox: `0 0 ${width} ${height}` }))
    root.setAttribute(name, String(value));
  return root;
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}

/** The SVG drawn into a canvas at its own size (times `scale`), as PNG bytes. */
export async function pngBlob(svg: SVGSVGElement, scale = 1): Promise<Blob> {
  const width = Number(svg.getAttribute("width")) * scale;
  const height = Number(svg.getAttribute("height")) * scale;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
  try {
    const image = new Image(width, height);
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    [canvas.width, canvas.height] = [width, height];
    const context = canvas.getContext("2d")!;
    context.fillStyle = "white";
    context.fillRect(0, 0, width, height);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the canvas made no PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
