import { fileError } from "../errors.js";

/**
 * A restricted unpickler for `torch.save(model.state_dict())`: the opcodes such a pickle uses
 * (protocols 2 to 5) and the handful of globals it names, nothing else. Nothing in the file is
 * ever called: a known global becomes a marker the loader interprets (`OrderedDict()` an empty
 * map, `_rebuild_tensor_v2(...)` a record of the view), any other global is refused by name at the
 * GLOBAL opcode, before the pickle can use it.
 */

/** A global the pickle may name, as the marker the stack holds in its place. */
export class PickleGlobal {
  constructor(readonly name: string) {}
}

/** A storage a tensor views: `('storage', storage_type, key, location, numel)`. */
export interface StorageRef {
  readonly kind: "storage";
  /** The storage class name, e.g. "FloatStorage". */
  readonly type: string;
  /** The entry `<archive>/data/<key>` holding its bytes. */
  readonly key: string;
  readonly numel: number;
}

/** A tensor as `_rebuild_tensor_v2` describes it: a strided view of a storage. */
export interface TensorRef {
  readonly kind: "tensor";
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: number[];
  readonly strides: number[];
}

/** A pickled dict (OrderedDict or {}): string keys, insertion order kept. */
export type PickleDict = Map<PickleValue, PickleValue>;

export type PickleValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | PickleValue[]
  | PickleDict
  | PickleGlobal
  | StorageRef
  | TensorRef;

/** The storage classes of the float, int and bool dtypes (`torch.FloatStorage`, ...). */
export const STORAGE_TYPES = new Set([
  "DoubleStorage",
  "FloatStorage",
  "HalfStorage",
  "BFloat16Storage",
  "LongStorage",
  "IntStorage",
  "ShortStorage",
  "CharStorage",
  "ByteStorage",
  "BoolStorage",
]);

const CALLABLES = new Set([
  "collections.OrderedDict",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_parameter",
]);

const allowedGlobal = (module: string, name: string): boolean =>
  CALLABLES.has(`${module}.${name}`) || (module === "torch" && STORAGE_TYPES.has(name));

class Mark {}
const MARK = new Mark();
type Slot = PickleValue | Mark;

const refuse = (file: string, message: string, hint = "Save the weights with torch.save(model.state_dict(), path).") =>
  fileError("PICKLE_REFUSED", file, message, hint);

/** Decodes the pickle `bytes` (of the archive entry named `file` in messages) into plain values. */
export function unpickle(file: string, bytes: Uint8Array): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Slot[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PickleValue>();
  let at = 0;

  const truncated = () =>
    fileError(
      "PICKLE_CORRUPT",
      file,
      `the pickle ends early (byte ${at} of ${bytes.length}).`,
      "The checkpoint is truncated or damaged: save it again.",
    );
  const need = (n: number) => {
    if (at + n > bytes.length) throw truncated();
    const start = at;
    at += n;
    return start;
  };
  const u8 = () => bytes[need(1)];
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const i32 = () => view.getInt32(need(4), true);
  const u64 = () => {
    const value = view.getBigUint64(need(8), true);
    if (value > BigInt(bytes.length)) throw truncated();
    return Number(value);
  };
  const raw = (n: number) => bytes.subarray(need(n), at);
  const utf8 = (n: number) => new TextDecoder().decode(raw(n));
  const line = () => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) throw truncated();
    const text = new TextDecoder().decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const pop = (): PickleValue => {
    if (stack.length === 0) throw corrupt("pops an empty stack");
    const value = stack.pop()!;
    if (value instanceof Mark) throw corrupt("pops a mark");
    return value as PickleValue;
  };
  const top = (): PickleValue => {
    const value = stack[stack.length - 1];
    if (value === undefined || value instanceof Mark) throw corrupt("has no object to act on");
    return value as PickleValue;
  };
  /** The objects above the topmost mark, taking them and the mark off the stack. */
  const popMark = (): PickleValue[] => {
    const start = marks.pop();
    if (start === undefined) throw corrupt("closes a mark it never opened");
    return stack.splice(start).slice(1) as PickleValue[];
  };
  const corrupt = (what: string) =>
    fileError("PICKLE_CORRUPT", file, `the pickle ${what} at byte ${at}.`, "The checkpoint is damaged: save it again.");
  const global = (module: string, name: string): PickleGlobal => {
    if (!allowedGlobal(module, name)) {
      throw refuse(
        file,
        `the pickle names the global ${module}.${name}, which a state_dict never holds: refused, nothing was run.`,
        "Only state_dicts are read: save the weights with torch.save(model.state_dict(), path), not a whole model or other objects.",
      );
    }
    return new PickleGlobal(`${module}.${name}`);
  };
  const setItems = (dict: PickleValue, items: PickleValue[]) => {
    if (!(dict instanceof Map) || items.length % 2) throw corrupt("sets items on something that is not a dict");
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]);
  };

  for (;;) {
    const offset = at;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw corrupt("uses a protocol newer than 5");
        break;
      case 0x95: // FRAME: a length prefix only
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length) throw corrupt("stops with a malformed stack");
        return pop();
      case 0x28: // MARK
        marks.push(stack.length);
        stack.push(MARK);
        break;
      case 0x63: // GLOBAL
        stack.push(global(line(), line()));
        break;
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string")
          throw corrupt("names a global with something not a string");
        stack.push(global(module, name));
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        stack.push(op === 0x88);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement
        const digits = raw(u8());
        let value = 0n;
        for (let i = digits.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(digits[i]);
        if (digits.length && digits[digits.length - 1] & 0x80) value -= 1n << BigInt(8 * digits.length);
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
          throw corrupt("holds an integer beyond 2^53");
        stack.push(Number(value));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(utf8(u64()));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(utf8(u8()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(raw(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(raw(u32()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x74: {
        // TUPLE
        stack.push(popMark());
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        const list = top();
        if (!Array.isArray(list)) throw corrupt("appends to something that is not a list");
        list.push(item);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) throw corrupt("appends to something that is not a list");
        list.push(...items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x30: // POP
        if (stack.length && stack[stack.length - 1] instanceof Mark) {
          stack.pop();
          marks.pop();
        } else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) throw corrupt(`reads memo ${key}, never stored`);
        stack.push(memo.get(key)!);
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistent(pop(), corrupt));
        break;
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        stack.push(reduce(file, callable, args, corrupt));
        break;
      }
      case 0x62: {
        // BUILD: only an OrderedDict's attributes (`_metadata`), which the weights do not need
        const state = pop();
        if (!(top() instanceof Map) || !(state instanceof Map || Array.isArray(state)))
          throw corrupt("sets the state of an object that is not a dict");
        break;
      }
      default:
        throw refuse(
          file,
          `the pickle uses opcode 0x${op.toString(16).padStart(2, "0")} at byte ${offset}, which a state_dict pickle never holds: refused, nothing was run.`,
        );
    }
  }
}

type Corrupt = (what: string) => Error;

/** `('storage', storage_type, key, location, numel)`, the persistent id torch.save writes for a storage. */
function persistent(pid: PickleValue, corrupt: Corrupt): StorageRef {
  if (!Array.isArray(pid) || pid[0] !== "storage" || pid.length !== 5)
    throw corrupt("holds a persistent id that is not a storage");
  const [, type, key, , numel] = pid;
  if (!(type instanceof PickleGlobal) || !STORAGE_TYPES.has(type.name.slice("torch.".length)))
    throw corrupt("holds a storage of no known type");
  if (typeof key !== "string" || typeof numel !== "number" || !Number.isSafeInteger(numel) || numel < 0)
    throw corrupt("holds a malformed storage id");
  return { kind: "storage", type: type.name.slice("torch.".length), key, numel };
}

const isInts = (value: PickleValue): value is number[] =>
  Array.isArray(value) && value.every((n) => Number.isSafeInteger(n));

/** What calling one of the known globals yields, computed here instead (nothing from the file runs). */
function reduce(file: string, callable: PickleValue, args: PickleValue, corrupt: Corrupt): PickleValue {
  if (!(callable instanceof PickleGlobal) || !Array.isArray(args))
    throw corrupt("calls something that is not a known global");
  switch (callable.name) {
    case "collections.OrderedDict":
      if (args.length) throw corrupt("builds an OrderedDict from arguments");
      return new Map();
    case "torch._utils._rebuild_tensor_v2": {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      const [storage, offset, shape, strides] = args;
      if (!storage || typeof storage !== "object" || !("kind" in storage) || storage.kind !== "storage")
        throw corrupt("rebuilds a tensor without a storage");
      if (typeof offset !== "number" || !isInts(shape) || !isInts(strides) || shape.length !== strides.length)
        throw corrupt("rebuilds a tensor with a malformed view");
      return { kind: "tensor", storage, offset, shape, strides };
    }
    case "torch._utils._rebuild_parameter": {
      // (data, requires_grad, backward_hooks): the tensor itself.
      const [data] = args;
      if (!data || typeof data !== "object" || !("kind" in data) || data.kind !== "tensor")
        throw corrupt("rebuilds a parameter from no tensor");
      return data;
    }
    default:
      throw fileError(
        "PICKLE_REFUSED",
        file,
        `the pickle calls ${callable.name}: refused, nothing was run.`,
        "Save the weights with torch.save(model.state_dict(), path).",
      );
  }
}
