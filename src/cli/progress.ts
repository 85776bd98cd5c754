/** Progress for long CLI jobs: a bar redrawn in place on a terminal, plain lines otherwise (logs, CI). */

/** Reports progress of `total` steps. */
export interface Progress {
  tick(label?: string): void;
  done(summary: string): void;
}

/** Creates a progress reporter on stderr (stdout stays clean for --json). */
export function progress(
  total: number,
  title: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  let n = 0;
  const tty = Boolean(stream.isTTY);
  const width = 30;
  return {
    tick(label = '') {
      n += 1;
      if (tty) {
        const filled = total > 0 ? Math.round((n / total) * width) : width;
        stream.write(
          `\r${title} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${n}/${total} ${label.slice(0, 40).padEnd(40)}`,
        );
      } else {
        stream.write(`${title} ${n}/${total} ${label}\n`);
      }
    },
    done(summary) {
      if (tty) stream.write('\n');
      stream.write(`${summary}\n`);
    },
  };
}
