import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * A live bar when stderr is a terminal; otherwise (CI logs, redirected stderr) one line per
 * tenth, because a redrawing bar turns into thousands of lines in a log file.
 */
export function createProgress(stream: NodeJS.WriteStream, total: number, isTTY = Boolean(stream.isTTY)): Progress {
  if (total === 0) return { update() {}, stop() {} };
  if (isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'answering {bar} {value}/{total} questions | {duration_formatted} elapsed, ETA {eta_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let lastTenth = 0;
  return {
    update(done) {
      const tenth = Math.floor((done * 10) / total);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      stream.write(`Answered ${done}/${total} (${Math.round((done * 100) / total)}%)\n`);
    },
    stop() {},
  };
}
