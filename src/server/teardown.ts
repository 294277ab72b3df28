/**
 * What the server started, in the order it started it, so that one sequence stops it all:
 * when the boot fails half way (the port is taken) and at shutdown. Stopped in reverse, last
 * started first: the HTTP server stops taking requests before Apollo stops, before the
 * provider connections and the state (Redis) the requests used are closed, before the log is
 * flushed. Every step runs even when one before it failed: a failing close must not leave a
 * Redis connection holding the process open.
 */
export class Teardown {
  private readonly steps: { what: string; stop: () => unknown }[] = [];

  /** Registers what was just started (`what`: its name in a failure), with how to stop it. */
  started(what: string, stop: () => unknown): void {
    this.steps.push({ what, stop });
  }

  /**
   * Stops everything started, last first; once every step has run, throws the first failure
   * as a TeardownError naming its step, so the shutdown's log line says what did not stop.
   */
  async run(): Promise<void> {
    let failure: TeardownError | null = null;
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.stop();
      } catch (error) {
        failure ??= new TeardownError(step.what, error);
      }
    }
    if (failure) throw failure;
  }
}

/** A step of the teardown that failed: which one (`step`), and its error as the cause. */
export class TeardownError extends Error {
  override readonly name = 'TeardownError';
  constructor(readonly step: string, cause: unknown) {
    super(`stopping ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
