import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDataset, readHistory, readNpy } from "../src/index.js";
import { SHARED_FIXTURES, requireSharedFixture } from "../../../tools/testing/fixtures.js";
import { refusal } from "./refusal.js";
import { ascii, f32, f64, flipBit, i32, i64, npy, zip } from "./make.js";

describe("readNpy", () => {
  it("reads C-order float32, float64 and integer arrays", () => {
    const a = readNpy({ name: "a.npy", bytes: npy("<f4", [3, 2], f32([1, 2, 3, 4, 5, 6.5])) });
    expect(a.shape).toEqual([3, 2]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    const b = readNpy({ name: "b.npy", bytes: npy("<f8", [2], f64([0.1, -2e300])) });
    expect(b.data).toBeInstanceOf(Float64Array);
    expect(Array.from(b.data)).toEqual([0.1, -2e300]);
    expect(Array.from(readNpy({ name: "c.npy", bytes: npy("<i8", [3], i64([0, 2, -1])) }).data)).toEqual([0, 2, -1]);
    expect(Array.from(readNpy({ name: "d.npy", bytes: npy("<i4", [2], i32([7, -7])) }).data)).toEqual([7, -7]);
    expect(Array.from(readNpy({ name: "e.npy", bytes: npy("|u1", [3], Uint8Array.of(0, 255, 3)) }).data)).toEqual([
      0, 255, 3,
    ]);
    expect(Array.from(readNpy({ name: "f.npy", bytes: npy("|b1", [3], Uint8Array.of(1, 0, 1)) }).data)).toEqual([
      1, 0, 1,
    ]);
  });

  it("reads big-endian data and a 0-d array", () => {
    const be = new Uint8Array(8);
    new DataView(be.buffer).setFloat32(0, 1.5, false);
    new DataView(be.buffer).setFloat32(4, -3, false);
    expect(Array.from(readNpy({ name: "be.npy", bytes: npy(">f4", [2], be) }).data)).toEqual([1.5, -3]);
    const scalar = readNpy({ name: "s.npy", bytes: npy("<f8", [], f64([4])) });
    expect(scalar.shape).toEqual([]);
    expect(Array.from(scalar.data)).toEqual([4]);
  });

  it("reorders Fortran-order arrays to row-major", () => {
    // The 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column.
    const a = readNpy({ name: "f.npy", bytes: npy("<f4", [2, 3], f32([1, 4, 2, 5, 3, 6]), true) });
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses absurd shapes before allocating, truncated files and non-numeric dtypes", () => {
    const huge = npy("<f8", [100000, 100000, 100000], f64([1]));
    const big = refusal(() => readNpy({ name: "huge.npy", bytes: huge }));
    expect(big.code).toBe("NPY_SHAPE");
    expect(big.message).toMatch(/^huge\.npy: declares shape \(100000, 100000, 100000\)/);
    expect(refusal(() => readNpy({ name: "over.npy", bytes: npy("<f8", [2 ** 40, 2 ** 40], f64([1])) })).code).toBe(
      "NPY_SHAPE",
    );
    expect(refusal(() => readNpy({ name: "neg.npy", bytes: npy("<f4", [-1], f32([1])) })).code).toBe("NPY_SHAPE");
    const whole = npy("<f4", [3, 2], f32([1, 2, 3, 4, 5, 6]));
    expect(refusal(() => readNpy({ name: "cut.npy", bytes: whole.subarray(0, whole.length - 3) })).message).toMatch(
      /holds 21 bytes/,
    );
    expect(refusal(() => readNpy({ name: "cut.npy", bytes: whole.subarray(0, 40) })).code).toBe("NPY_INVALID");
    expect(refusal(() => readNpy({ name: "s.npy", bytes: npy("<U3", [1], ascii("abcdefghijkl")) })).code).toBe(
      "NPY_DTYPE",
    );
    expect(refusal(() => readNpy({ name: "o.npy", bytes: npy("|O", [1], f64([0])) })).code).toBe("NPY_DTYPE");
    expect(refusal(() => readNpy({ name: "magic.npy", bytes: flipBit(whole, 1) })).code).toBe("NPY_INVALID");
  });

  it("parses the header as data: an expression is refused, not evaluated", () => {
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os').system('true'), }";
    expect(
      refusal(() => readNpy({ name: "evil.npy", bytes: npy("<f4", [1], f32([1]), false, header) })).message,
    ).toMatch(/^evil\.npy: .*unexpected token/);
  });
});

describe("readDataset", () => {
  const x = npy("<f4", [3, 2], f32([1, 2, 3, 4, 5, 6]));
  const y = npy("<f4", [3, 1], f32([0, 1, 1]));

  it("reads x and y from an .npz, stored or deflated, by default or given names", () => {
    for (const level of [0, 6] as const) {
      const data = readDataset([{ name: "data.npz", bytes: zip({ "x.npy": x, "y.npy": y }, level) }]);
      expect(data.x.shape).toEqual([3, 2]);
      expect(Array.from(data.y.data)).toEqual([0, 1, 1]);
    }
    const named = readDataset(
      [{ name: "d.npz", bytes: zip({ "X_train.npy": x, "labels.npy": npy("<i8", [3], i64([0, 2, 1])) }) }],
      { x: "X_train", y: "labels" },
    );
    expect(named.y.shape).toEqual([3]);
    expect(Array.from(named.y.data)).toEqual([0, 2, 1]);
  });

  it("reads two .npy files by stem or in the order given", () => {
    const swapped = readDataset([
      { name: "dir/y.npy", bytes: y },
      { name: "dir/x.npy", bytes: x },
    ]);
    expect(swapped.x.shape).toEqual([3, 2]);
    const ordered = readDataset([
      { name: "inputs.npy", bytes: x },
      { name: "targets.npy", bytes: y },
    ]);
    expect(Array.from(ordered.y.data)).toEqual([0, 1, 1]);
  });

  it("reads a CSV with or without a header: features, then the target", () => {
    for (const text of ["a,b,label\n1,2,0\n3,4,1\r\n5,6.5,2\n", "1,2,0\n3,4,1\n5,6.5,2"]) {
      const data = readDataset([{ name: "d.csv", bytes: ascii(text) }]);
      expect(data.x.shape).toEqual([3, 2]);
      expect(Array.from(data.x.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
      expect(data.y.shape).toEqual([3, 1]);
      expect(Array.from(data.y.data)).toEqual([0, 1, 2]);
    }
    expect(refusal(() => readDataset([{ name: "d.csv", bytes: ascii("1,2,0\n3,,1\n") }])).message).toMatch(
      /^d\.csv: line 2, column 2/,
    );
    expect(refusal(() => readDataset([{ name: "d.csv", bytes: ascii("1,2,0\n3,1\n") }])).code).toBe("DATA_CSV_ROW");
  });

  it("refuses a missing array, mismatched rows, and unknown inputs", () => {
    expect(refusal(() => readDataset([{ name: "d.npz", bytes: zip({ "x.npy": x }) }])).message).toMatch(
      /^d\.npz: has no array "y"/,
    );
    const short = npy("<f4", [2, 1], f32([0, 1]));
    expect(refusal(() => readDataset([{ name: "d.npz", bytes: zip({ "x.npy": x, "y.npy": short }) }])).code).toBe(
      "DATA_SHAPE",
    );
    expect(refusal(() => readDataset([{ name: "d.txt", bytes: x }])).code).toBe("DATA_FORMAT");
  });

  it("refuses truncated, bit-flipped and path-climbing archives", () => {
    const bytes = zip({ "x.npy": x, "y.npy": y });
    expect(refusal(() => readDataset([{ name: "d.npz", bytes: bytes.subarray(0, bytes.length - 30) }])).code).toBe(
      "CORRUPT_ZIP",
    );
    expect(refusal(() => readDataset([{ name: "d.npz", bytes: bytes.subarray(0, 200) }])).code).toBe("CORRUPT_ZIP");
    // A bit in x's data (the stored entry's last bytes before y's local header): only the CRC tells.
    const dataEnd = 30 + "x.npy".length + x.length;
    const flipped = refusal(() => readDataset([{ name: "d.npz", bytes: flipBit(bytes, dataEnd - 2) }]));
    expect(flipped.message).toMatch(
      /^d\.npz is not a readable zip archive: "x\.npy" does not match its size and CRC-32/,
    );
    const climbing = zip({ "../x.npy": x, "y.npy": y });
    expect(refusal(() => readDataset([{ name: "d.npz", bytes: climbing }])).code).toBe("UNSAFE_ZIP_ENTRY");
  });

  it("caps inflation by the declared sizes (zip bombs)", () => {
    const bomb = zip({ "x.npy": npy("<f4", [1 << 20, 1], new Uint8Array(4 << 20)), "y.npy": y }, 6);
    expect(bomb.length).toBeLessThan(20_000);
    const central = new DataView(bomb.buffer).getUint32(bomb.length - 22 + 16, true);
    // Declare a size far past deflate's 1032:1 ratio in the central directory: refused before inflating.
    const forged = bomb.slice();
    new DataView(forged.buffer).setUint32(central + 24, 0xfffffff0, true);
    expect(refusal(() => readDataset([{ name: "d.npz", bytes: forged }])).code).toBe("ZIP_TOO_LARGE");
    // Declare less than it inflates to: the output buffer holds only what was declared, and the CRC fails.
    const small = bomb.slice();
    new DataView(small.buffer).setUint32(central + 24, 1000, true);
    expect(refusal(() => readDataset([{ name: "d.npz", bytes: small }])).code).toBe("CORRUPT_ZIP");
  });
});

describe("readHistory", () => {
  it("reads Keras' CSVLogger output with NA and empty cells as NaN", () => {
    const history = readHistory({
      name: "log.csv",
      bytes: ascii("epoch,accuracy,loss,val_loss\n0,0.5,0.69,NA\n1,0.75,0.5,\n2,0.8,0.4,0.45\n"),
    });
    expect(history.epochs).toEqual([0, 1, 2]);
    expect([...history.series.keys()]).toEqual(["accuracy", "loss", "val_loss"]);
    expect(Array.from(history.series.get("loss")!)).toEqual([0.69, 0.5, 0.4]);
    expect(Array.from(history.series.get("val_loss")!)).toEqual([NaN, NaN, 0.45]);
  });

  it("refuses a log without epoch or loss, truncated rows and text cells", () => {
    expect(refusal(() => readHistory({ name: "h.csv", bytes: ascii("step,loss\n0,1\n") })).message).toMatch(
      /^h\.csv: has no epoch column/,
    );
    expect(refusal(() => readHistory({ name: "h.csv", bytes: ascii("epoch,acc\n0,1\n") })).message).toMatch(
      /has no loss column/,
    );
    expect(refusal(() => readHistory({ name: "h.csv", bytes: ascii("epoch,loss\n0,1\n1") })).code).toBe("HISTORY_ROW");
    expect(refusal(() => readHistory({ name: "h.csv", bytes: ascii("epoch,loss\n0,1\n1,abc\n") })).code).toBe(
      "HISTORY_CELL",
    );
    expect(refusal(() => readHistory({ name: "h.csv", bytes: ascii("epoch,loss\n1,1\n1,2\n") })).code).toBe(
      "HISTORY_EPOCHS",
    );
    expect(refusal(() => readHistory({ name: "h.csv", bytes: Uint8Array.of(0xff, 0xfe, 0x41) })).code).toBe(
      "CSV_INVALID",
    );
  });

  it.skipIf(!requireSharedFixture("pytorch/torch-part1"))("reads the PyTorch fixture's training log", () => {
    const path = `${SHARED_FIXTURES}pytorch/torch-part1/history.csv`;
    const history = readHistory({ name: "history.csv", bytes: readFileSync(path) });
    expect(history.epochs).toEqual(Array.from({ length: 20 }, (_, e) => e));
    expect(history.series.get("loss")![0]).toBeCloseTo(0.6996908159255981, 12);
  });
});
