import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Player } from "../src/page/player.js";

/** A player over `count` epochs whose drawing takes `drawMs` (simulated time) and is recorded. */
function player(count: number, { fps = 5, drawMs = 0, fail = -1 } = {}) {
  const drawn: number[] = [];
  const failures: unknown[] = [];
  const instance = new Player({
    count,
    fps,
    draw: async (index) => {
      if (drawMs) await new Promise((resolve) => setTimeout(resolve, drawMs));
      if (index === fail) throw new Error(`cannot draw ${index}`);
      drawn.push(index);
    },
    changed: () => {},
    failed: (error) => failures.push(error),
  });
  return { player: instance, drawn, failures };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Player", () => {
  it("keeps the index in range", async () => {
    const { player: p, drawn } = player(10);
    p.seek(-3);
    await vi.runAllTimersAsync();
    expect(p.index).toBe(0);
    p.seek(42);
    await vi.runAllTimersAsync();
    expect(p.index).toBe(9);
    p.step(-2);
    await vi.runAllTimersAsync();
    expect(drawn).toEqual([0, 9, 7]);
  });

  it("draws only the latest epoch asked for while a figure is being drawn", async () => {
    const { player: p, drawn } = player(100, { drawMs: 100 });
    p.seek(1);
    for (const index of [5, 20, 42]) p.seek(index);
    await vi.runAllTimersAsync();
    expect(drawn).toEqual([1, 42]);
  });

  it("plays at fps × speed and stops at the last epoch", async () => {
    const { player: p, drawn } = player(30, { fps: 5 });
    p.seek(0);
    await vi.advanceTimersByTimeAsync(0);
    p.play();
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.index).toBe(5);
    p.setSpeed(4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.index).toBe(25);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(p.index).toBe(29);
    expect(p.playing).toBe(false);
    expect(drawn).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it("is held back by a figure slower than its period, without skipping epochs", async () => {
    const { player: p, drawn } = player(100, { fps: 10, drawMs: 250 });
    p.seek(0);
    p.play();
    // Each epoch takes 250 ms to draw, 2.5 periods: the next one starts as soon as it is done.
    await vi.advanceTimersByTimeAsync(1100);
    expect(drawn).toEqual([0, 1, 2, 3]);
    p.pause();
    await vi.advanceTimersByTimeAsync(5000);
    expect(drawn.at(-1)).toBeLessThanOrEqual(4);
  });

  it("starts again from the first epoch when played at the last", async () => {
    const { player: p } = player(3, { fps: 10 });
    p.seek(2);
    await vi.advanceTimersByTimeAsync(0);
    p.play();
    await vi.advanceTimersByTimeAsync(150);
    expect(p.index).toBe(1);
  });

  it("pauses and reports a figure it cannot draw", async () => {
    const { player: p, failures } = player(10, { fps: 10, fail: 3 });
    p.seek(0);
    p.play();
    await vi.advanceTimersByTimeAsync(2000);
    expect(p.playing).toBe(false);
    expect(p.index).toBe(3);
    expect(failures).toEqual([new Error("cannot draw 3")]);
  });
});
