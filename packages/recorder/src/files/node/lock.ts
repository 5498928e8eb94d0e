import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { DeepReplayError } from "@deepreplay/frames";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `<file>.lock` (holding our pid) so that only one recorder writes a file at a time.
 * A lock left by a process that no longer runs (killed mid-training) is taken over.
 * Returns the release function.
 */
export function acquireWriteLock(path: string): () => void {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: "wx" });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new DeepReplayError("PATH_NOT_WRITABLE", `Cannot create the lock file ${lockPath}.`, {
          hint: "Record into a directory you can write to.",
          cause: error,
        });
      }
      const owner = lockOwner(lockPath);
      if (owner !== undefined && isAlive(owner)) {
        throw new DeepReplayError("FILE_LOCKED", `${path} is being written by another recorder (process ${owner}).`, {
          hint: `Wait for it to end, record into another file, or delete ${lockPath} if that process is not a recorder.`,
        });
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DeepReplayError("FILE_LOCKED", `Another recorder took ${lockPath} at the same moment.`, {
    hint: "Try again.",
  });
}
