/**
 * Defines `key` on `target` as an enumerable property computed on first read and kept from then on,
 * so the object still spreads, clones and serialises like plain data.
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  let value: T[K];
  let computed = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!computed) {
        value = compute();
        computed = true;
      }
      return value;
    },
  });
}
