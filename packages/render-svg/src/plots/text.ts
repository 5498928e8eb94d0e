/**
 * How wide text is in DejaVu Sans (the font every output draws with), so that a panel can make
 * room for its labels, thin its ticks and shorten its headings before Plot draws them: jsdom
 * cannot measure text.
 */

/** Advance widths of DejaVu Sans (regular) for " " to "~", in thousandths of an em, read off its hmtx table. */
const ASCII_WIDTHS = (
  "318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 636 636 636 636 337 337 838 838 838 531 " +
  "1000 684 686 698 770 632 575 775 752 295 295 656 557 863 748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 " +
  "500 613 635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 592 592 525 636 337 636 838"
)
  .split(" ")
  .map(Number);

/** The few other characters the panels write; anything else is taken as a full em, wider than most glyphs. */
const OTHER_WIDTHS: Readonly<Record<string, number>> = {
  "−": 838,
  "—": 1000,
  "…": 1000,
  "₁": 401,
  "₂": 401,
  "×": 838,
  "·": 318,
};

/** Height of a line of text, in ems: DejaVu Sans' ascent plus descent (0.928 + 0.236). */
export const LINE_HEIGHT_EM = 1.164;

/** Width in pixels of `text` drawn at `fontSize` pixels. */
export function textWidth(text: string, fontSize: number): number {
  let thousandths = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    thousandths += code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32] : (OTHER_WIDTHS[char] ?? 1000);
  }
  return (thousandths * fontSize) / 1000;
}

/** `text` as it fits in `maxWidth` pixels: whole, or cut and ended with "…" (nothing when not even that fits). */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  for (let keep = chars.length - 1; keep > 0; keep--) {
    const cut = `${chars.slice(0, keep).join("").trimEnd()}…`;
    if (textWidth(cut, fontSize) <= maxWidth) return cut;
  }
  return "";
}

/**
 * `text` broken into lines of at most `maxWidth` pixels at word boundaries, a word too long for a
 * line shortened; past `maxLines` lines the last one kept ends with "…".
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const joined = line ? `${line} ${word}` : word;
      if (textWidth(joined, fontSize) <= maxWidth) line = joined;
      else {
        if (line) lines.push(line);
        line = fitText(word, maxWidth, fontSize);
      }
    }
    if (line) lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(0, maxLines));
  if (kept.length > 0) kept[kept.length - 1] = fitText(`${kept[kept.length - 1]}…`, maxWidth, fontSize);
  return kept;
}
