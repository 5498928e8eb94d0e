import { createRequire } from "node:module";
import type { ResvgRenderOptions } from "@resvg/resvg-js";

/** The one family every Deep Replay SVG asks for, shipped as TTF files so no system font is needed. */
export const FONT_FAMILY = "DejaVu Sans";

const require = createRequire(import.meta.url);

/** Regular and bold faces: Plot draws titles bold, everything else regular. */
export const FONT_FILES: readonly string[] = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/**
 * resvg's font setup: only the shipped faces, and every generic family mapped to them, so text
 * renders the same on a machine with no fonts at all as on one with many.
 */
export const RESVG_FONT_OPTIONS: NonNullable<ResvgRenderOptions["font"]> = {
  fontFiles: [...FONT_FILES],
  loadSystemFonts: false,
  defaultFontFamily: FONT_FAMILY,
  sansSerifFamily: FONT_FAMILY,
  serifFamily: FONT_FAMILY,
  monospaceFamily: FONT_FAMILY,
  cursiveFamily: FONT_FAMILY,
  fantasyFamily: FONT_FAMILY,
};
