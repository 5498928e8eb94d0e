import { readFileSync } from "node:fs";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { checkpointEpoch, checkpointSeries } from "../src/checkpoints.js";
import { readKerasCheckpoint } from "../src/keras/index.js";
import { readZip } from "../src/zip.js";
import { SHARED_FIXTURES, requireSharedFixture } from "../../../tools/testing/fixtures.js";

const have = requireSharedFixture("keras3");
const fixture = (path: string) => new Uint8Array(readFileSync(SHARED_FIXTURES + path));
const KERAS = "keras3/keras3-part1-keras/ckpt/epoch03.keras";
const H5 = "keras3/keras3-part1-h5/ckpt/epoch03.h5";

/** Offsets of a zip's central directory entries, found by their signature. */
function centralEntries(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === 0x02014b50) found.push(i);
  return found;
}

describe("damaged checkpoints are refused with one line naming the file", () => {
  it.runIf(have)("a truncated .keras and a truncated .h5", async () => {
    for (const [path, code] of [
      [KERAS, "CORRUPT_ZIP"],
      [H5, "CORRUPT_CHECKPOINT"],
    ]) {
      const bytes = fixture(path);
      for (const keep of [0.3, 0.9]) {
        const cut = {
          name: "epoch03" + path.slice(path.lastIndexOf(".")),
          bytes: bytes.subarray(0, Math.floor(bytes.length * keep)),
        };
        const error = await readKerasCheckpoint(cut).catch((e: unknown) => e);
        expect(error).toMatchObject({
          code,
          message: expect.stringMatching(new RegExp(`^${cut.name.replace(".", "\\.")} `)),
        });
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });

  it.runIf(have)("a bit flipped inside the .keras weights (the zip's CRC-32 catches it)", async () => {
    const bytes = fixture(KERAS);
    // Inside model.weights.h5's stored data: flip a bit in the middle of the file.
    const flipped = bytes.slice();
    flipped[Math.floor(bytes.length / 2)] ^= 0x10;
    await expect(readKerasCheckpoint({ name: "epoch03.keras", bytes: flipped })).rejects.toMatchObject({
      code: "CORRUPT_ZIP",
      message: expect.stringMatching(/^epoch03\.keras .*CRC-32/),
    });
  });

  it.runIf(have)("a bit flipped in the .h5's metadata", async () => {
    const bytes = fixture(H5);
    const flipped = bytes.slice();
    // Superblock v0: the root group's object header address is bytes 64..71; a flipped bit points it elsewhere.
    flipped[65] ^= 0x40;
    await expect(readKerasCheckpoint({ name: "epoch03.h5", bytes: flipped })).rejects.toMatchObject({
      code: "CORRUPT_CHECKPOINT",
      message: expect.stringMatching(/^epoch03\.h5 could not be read as HDF5/),
    });
  });

  it("zip entries that climb out of their folder", () => {
    for (const name of ["../evil.json", "ok/../../evil", "/etc/passwd", "C:\\evil", "a\\..\\..\\b"]) {
      const bytes = zipSync({ [name]: new Uint8Array([1, 2, 3]) });
      expect(() => readZip("epoch01.keras", bytes)).toThrow(
        expect.objectContaining({
          code: "UNSAFE_ZIP_ENTRY",
          message: expect.stringContaining(`epoch01.keras holds an entry "${name}"`),
        }),
      );
    }
  });

  it("zip bombs: a declared size beyond what the data can hold, or beyond the limit, is refused before inflating", () => {
    const zeros = new Uint8Array(1 << 20);
    const bytes = zipSync({ "model.weights.h5": zeros }, { level: 9 });
    // The header claims 1000x the true size: more than DEFLATE can produce from these bytes.
    const lying = bytes.slice();
    const view = new DataView(lying.buffer);
    const [central] = centralEntries(lying);
    view.setUint32(central + 24, 1000 << 20, true);
    expect(() => readZip("epoch02.keras", lying)).toThrow(
      expect.objectContaining({
        code: "ZIP_TOO_LARGE",
        message: expect.stringMatching(/^epoch02\.keras: entry "model\.weights\.h5" declares/),
      }),
    );
    // Honest, but over the caller's cap.
    expect(() => readZip("epoch02.keras", bytes, { maxTotalBytes: 1 << 18 })).toThrow(
      expect.objectContaining({ code: "ZIP_TOO_LARGE" }),
    );
    // A header that understates the size: inflation stops at the declared size and the CRC refuses it.
    const understated = bytes.slice();
    new DataView(understated.buffer).setUint32(centralEntries(understated)[0] + 24, 1024, true);
    expect(() => readZip("epoch02.keras", understated)).toThrow(expect.objectContaining({ code: "CORRUPT_ZIP" }));
    const read = readZip("epoch02.keras", bytes).get("model.weights.h5")!;
    expect(read.length === zeros.length && read.every((b) => b === 0)).toBe(true);
  });
});

describe("checkpoint series", () => {
  const named = (...names: string[]) => names.map((name) => ({ name }));

  it("reads the epoch as the last integer of the name without its extensions", () => {
    expect(
      [
        "epoch07.weights.h5",
        "ckpt/epoch07.keras",
        "run3-epoch12.pt",
        "model_5.pth",
        "e9.safetensors",
        "weights.0004.hdf5",
      ].map(checkpointEpoch),
    ).toEqual([7, 7, 12, 5, 9, 4]);
    expect(checkpointEpoch("final.keras")).toBeUndefined();
  });

  it("orders by epoch, refusing gaps, duplicates, names without an epoch and a missing epoch 0, naming the files", () => {
    expect(
      checkpointSeries(
        named(
          "epoch10.keras",
          "epoch2.keras",
          "epoch0.keras",
          "epoch1.keras",
          ...Array.from({ length: 7 }, (_, i) => `epoch${i + 3}.keras`),
        ),
      ).files.map((f) => f.name),
    ).toEqual(Array.from({ length: 11 }, (_, i) => `epoch${i}.keras`));
    expect(() => checkpointSeries(named("epoch00.keras", "epoch01.keras", "epoch04.keras"))).toThrow(
      expect.objectContaining({
        code: "EPOCH_GAP",
        message: expect.stringMatching(
          /from epoch01\.keras \(epoch 1\) to epoch04\.keras \(epoch 4\): epochs 2\.\.3 are missing/,
        ),
      }),
    );
    expect(() => checkpointSeries(named("a/epoch00.keras", "a/epoch01.keras", "b/epoch1.keras"))).toThrow(
      expect.objectContaining({
        code: "DUPLICATE_EPOCH",
        message: expect.stringMatching(/epoch01\.keras and epoch1\.keras are both epoch 1/),
      }),
    );
    expect(() => checkpointSeries(named("epoch00.keras", "best.keras"))).toThrow(
      expect.objectContaining({ code: "CHECKPOINT_WITHOUT_EPOCH", message: expect.stringContaining("best.keras") }),
    );
    expect(() => checkpointSeries(named("epoch01.keras", "epoch02.keras"))).toThrow(
      expect.objectContaining({
        code: "NO_EPOCH_ZERO",
        message: expect.stringContaining("epoch01.keras"),
        hint: expect.stringMatching(/model\.save\('ckpt\/epoch00\.keras'\).*torch\.save/),
      }),
    );
    expect(checkpointSeries(named("epoch02.keras", "epoch01.keras"), { startAtFirst: true })).toEqual({
      files: named("epoch01.keras", "epoch02.keras"),
      firstEpoch: 1,
    });
  });
});
