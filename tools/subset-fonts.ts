/**
 * Makes render-png's common faces (packages/render-png/fonts/*-common.ttf) from the DejaVu Sans
 * faces it ships, cut down to COMMON_CHARACTERS with their glyphs and layout tables kept, through
 * fontTools' subsetter (Debian's python3-fonttools). Run it again when either changes:
 *
 *   node --import tsx tools/subset-fonts.ts
 */
import { execFileSync } from "node:child_process";
import { COMMON_CHARACTERS, COMMON_FONT_FILES, FONT_FILES } from "../packages/render-png/src/fonts.js";

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, "0");
const unicodes = COMMON_CHARACTERS.map(([first, last]) => `U+${hex(first)}-${hex(last)}`).join(",");

FONT_FILES.forEach((source, i) => {
  execFileSync(
    "/usr/bin/python3",
    [
      "-m",
      "fontTools.subset",
      source,
      `--unicodes=${unicodes}`,
      "--layout-features=*",
      "--legacy-kern",
      "--name-IDs=*",
      "--name-languages=*",
      "--notdef-outline",
      `--output-file=${COMMON_FONT_FILES[i]}`,
    ],
    { stdio: "inherit" },
  );
  console.log(`wrote ${COMMON_FONT_FILES[i]}`);
});
