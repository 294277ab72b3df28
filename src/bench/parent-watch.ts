/**
 * For the benchmark's child processes: exit as soon as the orchestrator is gone. The
 * orchestrator spawns its children with an IPC channel; when it dies without cleaning up
 * (even by SIGKILL) the channel closes and the child follows, so no simulator or service is
 * left listening. A child started by hand, without the channel, is unaffected.
 */
export function exitWithParent(): void {
  if (!process.send) return;
  process.on('disconnect', () => process.exit(1));
  // Gone already, before this listener was there to hear it.
  if (!process.connected) process.exit(1);
  // The channel alone must not keep a finished child alive.
  process.channel?.unref();
}

/** One JSON line on stdout: how the children talk back to the orchestrator. */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
