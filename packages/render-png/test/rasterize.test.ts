import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { Resvg } from "@resvg/resvg-js";
import { svgToPng, svgToRaster } from "../src/index.js";
import { COMMON_FONT_FILES, FONT_FAMILY, FONT_FILES } from "../src/fonts.js";
import { expectThrows } from "./support/errors.js";
import { decodePng, pixelAt } from "../../../tools/testing/images.js";

const halves =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">' +
  '<rect width="20" height="30" fill="#ff0000"/><rect x="20" width="20" height="30" fill="#0000ff"/></svg>';

const text = (family: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><text x="10" y="45" font-size="40" font-family="${family}">Epoch 42</text></svg>`;

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("svgToPng", () => {
  test("draws the SVG at its own size, pixel for pixel", () => {
    const png = decodePng(svgToPng(halves));
    expect([png.width, png.height]).toEqual([40, 30]);
    expect(pixelAt(png, 5, 15)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(png, 19, 0)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(png, 20, 29)).toEqual([0, 0, 255, 255]);
    expect(pixelAt(png, 39, 15)).toEqual([0, 0, 255, 255]);
  });

  test("width scales the drawing keeping its aspect; scale 2 gives the same pixels as width 80", () => {
    const byWidth = svgToPng(halves, { width: 80 });
    const png = decodePng(byWidth);
    expect([png.width, png.height]).toEqual([80, 60]);
    expect(pixelAt(png, 39, 59)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(png, 40, 0)).toEqual([0, 0, 255, 255]);
    expect(sha(svgToPng(halves, { scale: 2 }))).toBe(sha(byWidth));
    const half = decodePng(svgToPng(halves, { scale: 0.5 }));
    expect([half.width, half.height]).toEqual([20, 15]);
  });

  test("paints the background under the drawing: white by default, any CSS colour, or transparent", () => {
    const sparse =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="10" fill="#000"/></svg>';
    expect(pixelAt(decodePng(svgToPng(sparse)), 8, 5)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(decodePng(svgToPng(sparse, { background: "#00ff00" })), 8, 5)).toEqual([0, 255, 0, 255]);
    expect(pixelAt(decodePng(svgToPng(sparse, { background: "transparent" })), 8, 5)[3]).toBe(0);
    expect(pixelAt(decodePng(svgToPng(sparse, { background: "transparent" })), 2, 5)).toEqual([0, 0, 0, 255]);
  });

  test("the raster is the PNG's pixels", () => {
    const raster = svgToRaster(halves, { width: 80 });
    const png = decodePng(svgToPng(halves, { width: 80 }));
    expect([raster.width, raster.height]).toEqual([80, 60]);
    expect(Buffer.from(raster.pixels).equals(Buffer.from(png.rgba))).toBe(true);
  });

  test("text is drawn with the shipped DejaVu Sans, whatever family the SVG names", () => {
    const dejavu = svgToPng(text("DejaVu Sans"));
    const image = decodePng(dejavu);
    let ink = 0;
    for (let i = 0; i < image.rgba.length; i += 4) if (image.rgba[i] < 128) ink++;
    // "Epoch 42" at 40 px covers hundreds of dark pixels; a missing font would leave none.
    expect(ink).toBeGreaterThan(500);
    for (const family of ["sans-serif", "serif", "system-ui, sans-serif", "No Such Font", "monospace"]) {
      expect(sha(svgToPng(text(family))), family).toBe(sha(dejavu));
    }
    const bold = svgToPng(text("DejaVu Sans").replace("<text ", '<text font-weight="bold" '));
    expect(sha(bold)).not.toBe(sha(dejavu));
  });

  test("same SVG in, same bytes out: across calls and across processes", () => {
    const svg = text("DejaVu Sans").replace(
      "</svg>",
      '<circle cx="200" cy="20" r="13.3" fill="rgba(20,90,200,0.4)"/></svg>',
    );
    const first = sha(svgToPng(svg, { scale: 1.5 }));
    expect(sha(svgToPng(svg, { scale: 1.5 }))).toBe(first);
    const tsx = createRequire(import.meta.url).resolve("tsx");
    const source = fileURLToPath(new URL("../src/index.ts", import.meta.url));
    const script =
      `import { svgToPng } from ${JSON.stringify(source)}; import { createHash } from "node:crypto";` +
      `process.stdout.write(createHash("sha256").update(svgToPng(${JSON.stringify(svg)}, { scale: 1.5 })).digest("hex"));`;
    const other = execFileSync(
      process.execPath,
      ["--conditions=@deepreplay/source", "--import", tsx, "--input-type=module", "-e", script],
      {
        encoding: "utf8",
      },
    );
    expect(other).toBe(first);
  });

  test("bad inputs get typed errors", () => {
    expectThrows(() => svgToPng(halves, { width: 10, scale: 2 }), "INVALID_OPTION");
    expectThrows(() => svgToPng(halves, { width: 0 }), "INVALID_OPTION");
    expectThrows(() => svgToPng(halves, { width: 10.5 }), "INVALID_OPTION");
    expectThrows(() => svgToPng(halves, { scale: Number.NaN }), "INVALID_OPTION");
    expectThrows(() => svgToPng(halves, { scale: 1000 }), "INVALID_OPTION");
    expectThrows(() => svgToPng(halves, { background: "no colour" }), "INVALID_OPTION");
    expectThrows(() => svgToPng("<svg"), "INVALID_SVG");
    expectThrows(() => svgToPng("not an svg at all"), "INVALID_SVG");
  });
});

describe("the faces text is drawn with", () => {
  const families = { defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY, loadSystemFonts: false };
  /** resvg straight, with the given faces: the reference svgToRaster is held to. */
  const drawnWith = (svg: string, fontFiles: readonly string[]) =>
    new Resvg(svg, { font: { fontFiles: [...fontFiles], ...families }, background: "white" }).render().pixels;
  const labels = (line: string) =>
    '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="120" font-family="DejaVu Sans">' +
    `<text x="10" y="40" font-size="24">${line}</text>` +
    '<text x="10" y="90" font-size="20" font-weight="bold">Loss – Epoch 12 × 0.5 σ</text></svg>';

  test("the common faces draw the same pixels as the whole DejaVu Sans for the characters they have", () => {
    const svg = labels("x₁, x₂ “Accuracy” 3.14 −1 ≤ 2 → é ß");
    const pixels = svgToRaster(svg).pixels;
    expect(sha(pixels)).toBe(sha(drawnWith(svg, FONT_FILES)));
    expect(sha(pixels)).toBe(sha(drawnWith(svg, COMMON_FONT_FILES)));
  });

  test("a character the common faces lack is drawn with the whole faces", () => {
    const svg = labels("Эпоха 12 ∑ ☺");
    const pixels = svgToRaster(svg).pixels;
    expect(sha(pixels)).toBe(sha(drawnWith(svg, FONT_FILES)));
    expect(sha(pixels)).not.toBe(sha(drawnWith(svg, COMMON_FONT_FILES)));
  });
});
