/**
 * What happens when stdout stops taking data.
 *
 * - EPIPE (the reader went away: `cloud-srm matrix --all | head -1`): stop
 *   quietly, as Unix tools do when SIGPIPE ends them. Node ignores SIGPIPE, so
 *   without this the next write raises an unhandled 'error' event and prints
 *   a stack trace. The status is 141 (128 + SIGPIPE), what a shell reports for
 *   `yes | head -1`.
 * - Any other write error (ENOSPC for `> /dev/full`, EIO...): one line naming
 *   the problem, exit 1.
 */
export const EPIPE_EXIT = 141;

export function watchOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, exit: (code: number) => void): void {
  stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") return exit(EPIPE_EXIT);
    try {
      stderr.write(`cloud-srm: cannot write to standard output: ${describeWriteError(error)}\n`);
    } finally {
      exit(1);
    }
  });
}

/** "no space left on device (ENOSPC)" for the errno codes people meet when writing. */
export function describeWriteError(error: NodeJS.ErrnoException): string {
  const reasons: Record<string, string> = {
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    EISDIR: "is a directory",
    ENOENT: "no such file or directory",
    EIO: "input/output error",
    EPIPE: "the reader closed the pipe",
    EFBIG: "file too large",
  };
  const code = error.code ?? "";
  return reasons[code] ? `${reasons[code]} (${code})` : (error.message ?? String(error)).split("\n")[0]!;
}
