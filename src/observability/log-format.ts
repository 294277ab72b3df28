import type { DestinationStream } from 'pino';

/**
 * Log lines for a person or for a machine: pretty (local times, colour, one message per line)
 * when stdout is a terminal and this is not production, JSON lines otherwise (a pipe, a file,
 * a container's log collector: what log tooling reads).
 */
export function wantsPrettyLogs(stdoutIsTerminal: boolean, nodeEnv: string | undefined): boolean {
  return stdoutIsTerminal && nodeEnv !== 'production';
}

/**
 * The destination main.ts gives the logger: pino-pretty on stdout for a terminal, else
 * undefined (the logger's own asynchronous JSON stdout). pino-pretty is loaded only then, so a
 * production process never loads it.
 */
export async function logDestination(nodeEnv: string | null): Promise<DestinationStream | undefined> {
  if (!wantsPrettyLogs(process.stdout.isTTY === true, nodeEnv ?? undefined)) return undefined;
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    colorize: true,
    // The machine's local time, to the millisecond: what a person compares with a clock.
    translateTime: 'SYS:HH:MM:ss.l',
    // The same on every line of this one process: noise at a terminal.
    ignore: 'pid,hostname,service',
    destination: 1,
    // A terminal takes writes at once; synchronous, so the last lines before an exit are not lost.
    sync: true,
  });
}
