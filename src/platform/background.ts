/**
 * Work a request starts but does not wait for, so that its answer cannot reveal it (e.g. whether a
 * password-reset address has an account). Failures are logged; shutdown and tests wait for it.
 */
import type { Logger } from './logger';

export interface Background {
  run(task: () => Promise<void>): void;
  /** Resolves once nothing started here is still running. */
  idle(): Promise<void>;
}

export function createBackground(logger: Logger): Background {
  const running = new Set<Promise<void>>();
  return {
    run(task) {
      const done: Promise<void> = task()
        .catch((err) => logger.error({ err }, 'background task failed'))
        .finally(() => running.delete(done));
      running.add(done);
    },
    async idle() {
      while (running.size) await Promise.all(running);
    },
  };
}
