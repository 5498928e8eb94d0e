import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ResvgRenderOptions } from "@resvg/resvg-js";

/** The one family every Deep Replay SVG asks for, shipped as TTF files so no system font is needed. */
export const FONT_FAMILY = "DejaVu Sans";

const require = createRequire(import.meta.url);

/** Regular and bold faces: Plot draws titles bold, everything else regular. */
export const FONT_FILES: readonly string[] = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/**
 * The characters of the common faces: Latin, Greek, punctuation, sub- and superscripts, arrows and
 * the usual math signs, as [first, last] code points. tools/subset-fonts.ts makes the faces from
 * FONT_FILES with exactly these.
 */
export const COMMON_CHARACTERS: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x391, 0x3c9],
  [0x2010, 0x205e],
  [0x2070, 0x209f],
  [0x2190, 0x2199],
  [0x2200, 0x22ff],
];

/**
 * The same faces cut down to COMMON_CHARACTERS, their glyphs and layout tables unchanged. resvg
 * parses a face's tables once per text element, and the whole DejaVu Sans (750 KB) makes that most
 * of a picture's time (15 tick labels: 4 ms of a 480 × 400 feature space; a Part 1 figure's 86: 20 ms);
 * the common faces draw the same pixels for a third of it.
 */
export const COMMON_FONT_FILES: readonly string[] = ["DejaVuSans-common.ttf", "DejaVuSans-Bold-common.ttf"].map(
  (file) => fileURLToPath(new URL(`../fonts/${file}`, import.meta.url)),
);

/** Generic families mapped to the shipped one, so text renders the same with no system font at all. */
const FAMILIES = {
  defaultFontFamily: FONT_FAMILY,
  sansSerifFamily: FONT_FAMILY,
  serifFamily: FONT_FAMILY,
  monospaceFamily: FONT_FAMILY,
  cursiveFamily: FONT_FAMILY,
  fantasyFamily: FONT_FAMILY,
};

type FontOptions = NonNullable<ResvgRenderOptions["font"]>;

const COMMON: FontOptions = { fontFiles: [...COMMON_FONT_FILES], loadSystemFonts: false, ...FAMILIES };
const WHOLE: FontOptions = { fontFiles: [...FONT_FILES], loadSystemFonts: false, ...FAMILIES };

/**
 * Any character but control characters (a <style>'s newlines) and COMMON_CHARACTERS: a regular
 * expression scans a frame's SVG far faster than a loop.
 */
const UNCOMMON = new RegExp(
  `[^\\u0000-\\u001f${COMMON_CHARACTERS.map(([first, last]) => `${unicodeEscape(first)}-${unicodeEscape(last)}`).join("")}]`,
);

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).padStart(4, "0")}`;
}

/** resvg's fonts for an SVG: the common faces when they have every character it holds, else the whole faces. */
export function resvgFontOptions(svg: string): FontOptions {
  return UNCOMMON.test(svg) ? WHOLE : COMMON;
}
