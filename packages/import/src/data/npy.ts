import { ndarray, type NdArray } from "@deepreplay/frames";
import { ELEMENT_TYPES, gather, rowMajorStrides, sizeOf, type ElementTypeName } from "../dtypes.js";
import { fileError } from "../errors.js";
import type { NamedBytes } from "../types.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** numpy `descr` kinds and sizes → element types (the byte-order character is read apart). */
const NUMPY_TYPES: Record<string, ElementTypeName> = {
  f8: "float64",
  f4: "float32",
  f2: "float16",
  i8: "int64",
  i4: "int32",
  i2: "int16",
  i1: "int8",
  u8: "uint64",
  u4: "uint32",
  u2: "uint16",
  u1: "uint8",
  b1: "bool",
};

const bad = (file: NamedBytes, what: string): Error =>
  fileError(
    "NPY_INVALID",
    file.name,
    `not a readable .npy array (${what}).`,
    "Save it again with numpy.save or numpy.savez.",
  );

/**
 * One array of a `.npy` file (numpy's format, versions 1 to 3). The header is a Python dict literal,
 * parsed here as data (never evaluated). Float64 stays float64, everything else becomes float32
 * (integers and booleans as their values). A shape whose size does not match the bytes present is
 * refused before anything is allocated.
 */
export function readNpy(file: NamedBytes): NdArray {
  const { bytes } = file;
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw bad(file, "no \\x93NUMPY magic");
  const major = bytes[6];
  if (major < 1 || major > 3) throw bad(file, `format version ${major}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [lengthAt, headerAt] = major === 1 ? [8, 10] : [8, 12];
  if (bytes.length < headerAt) throw bad(file, "cut off in the header");
  const headerLength = major === 1 ? view.getUint16(lengthAt, true) : view.getUint32(lengthAt, true);
  const dataAt = headerAt + headerLength;
  if (dataAt > bytes.length) throw bad(file, "cut off in the header");
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(headerAt, dataAt));
  const header = parseHeader(file, text);

  const { descr, fortran_order: fortran, shape } = header;
  if (typeof descr !== "string") {
    throw fileError(
      "NPY_DTYPE",
      file.name,
      "holds a structured array (a record dtype).",
      "Save plain numeric arrays: x as float, y as labels or one-hot rows.",
    );
  }
  const match = /^([<>|=])([a-z]\d+)$/.exec(descr);
  const typeName = match && NUMPY_TYPES[match[2]];
  if (!typeName) {
    throw fileError(
      "NPY_DTYPE",
      file.name,
      `holds dtype "${descr}", not a number type.`,
      `Convert it with .astype("float32"); supported: ${Object.keys(NUMPY_TYPES).join(", ")}.`,
    );
  }
  if (typeof fortran !== "boolean" || !Array.isArray(shape) || !shape.every((n) => typeof n === "number")) {
    throw bad(file, "header lacks fortran_order or shape");
  }
  const type = ELEMENT_TYPES[typeName];
  const size = sizeOf(shape as number[]);
  const present = bytes.length - dataAt;
  if (size === undefined || size * type.size !== present) {
    throw fileError(
      "NPY_SHAPE",
      file.name,
      `declares shape (${shape.join(", ")}) of ${descr}, ${size === undefined ? "an impossible size" : `${size * type.size} bytes`}, but holds ${present} bytes of data.`,
      "The file is truncated or its header is forged: save it again with numpy.save.",
    );
  }
  const dims = shape as number[];
  // Fortran order: the same elements with the axes' strides reversed.
  const strides = fortran ? rowMajorStrides([...dims].reverse()).reverse() : rowMajorStrides(dims);
  const out = typeName === "float64" ? new Float64Array(size) : new Float32Array(size);
  if (size > 0) gather(out, bytes.subarray(dataAt), type, match[1] !== ">", dims, strides);
  return ndarray(out, dims);
}

type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/** The header: a Python dict literal of strings, ints, booleans and tuples (a tiny recursive-descent parser). */
function parseHeader(file: NamedBytes, text: string): Record<string, Literal> {
  let at = 0;
  const fail = (what: string): never => {
    throw bad(file, `header ${what} at character ${at}`);
  };
  const space = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const expect = (char: string) => {
    space();
    if (text[at] !== char) fail(`expects "${char}"`);
    at++;
  };
  const sequence = (close: string, item: () => void) => {
    for (;;) {
      space();
      if (text[at] === close) break;
      item();
      space();
      if (text[at] === ",") at++;
      else if (text[at] !== close) fail(`expects "," or "${close}"`);
    }
    at++;
  };
  const value = (): Literal => {
    space();
    const char = text[at];
    if (char === "'" || char === '"') {
      const end = text.indexOf(char, at + 1);
      if (end < 0) fail("has an unterminated string");
      const string = text.slice(at + 1, end);
      at = end + 1;
      return string;
    }
    if (char === "(" || char === "[") {
      at++;
      const items: Literal[] = [];
      sequence(char === "(" ? ")" : "]", () => items.push(value()));
      return items;
    }
    if (char === "{") {
      at++;
      const dict: Record<string, Literal> = {};
      sequence("}", () => {
        const key = value();
        if (typeof key !== "string") fail("has a key that is not a string");
        expect(":");
        Object.defineProperty(dict, key as string, { value: value(), enumerable: true });
      });
      return dict;
    }
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(at));
    if (!word) return fail("has an unexpected token");
    at += word[0].length;
    if (word[0] === "True" || word[0] === "False") return word[0] === "True";
    if (word[0] === "None") return null;
    return Number(word[0].replace("L", ""));
  };
  const header = value();
  if (header === null || typeof header !== "object" || Array.isArray(header)) return fail("is not a dict");
  return header;
}
