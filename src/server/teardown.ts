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

  /** Registers what was just started, with how to stop it. */
  started(what: string, stop: () => unknown): void {
    this.steps.push({ what, stop });
  }

  /** Stops everything started, last first; throws the first failure once every step has run. */
  async run(): Promise<void> {
    let failure: { error: unknown } | null = null;
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.stop();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
