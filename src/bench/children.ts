import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The orchestrator's child processes: spawned with an IPC channel (so each one exits if the
 * orchestrator dies, see parent-watch.ts), read as JSON lines on stdout, and all of them
 * ended when the run ends, fails or is interrupted.
 */

type Json = Record<string, unknown>;

export class Child {
  private readonly lines: Json[] = [];
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  constructor(readonly name: string, readonly process: ChildProcess) {
    this.exited = new Promise((resolve) => {
      process.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        this.notify();
        resolve();
      });
    });
    createInterface({ input: process.stdout! }).on('line', (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      // Log lines (pino's have a `level`) are passed on to the reader, not taken as answers.
      if (parsed && typeof parsed === 'object' && !('level' in parsed)) {
        this.lines.push(parsed as Json);
        this.notify();
      } else {
        console.error(`[${this.name}] ${line}`);
      }
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** The first unread JSON line that `accept` takes (it is consumed); fails on exit or timeout. */
  nextLine<T>(accept: (line: Json) => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${this.name}: no answer within ${timeoutMs} ms`)), timeoutMs);
      const finish = (error: Error | null, value?: T) => {
        clearTimeout(timer);
        this.waiters.delete(look);
        if (error) reject(error);
        else resolve(value as T);
      };
      const look = () => {
        for (const [index, line] of this.lines.entries()) {
          let value: T | undefined;
          try {
            value = accept(line);
          } catch (error) {
            return finish(error instanceof Error ? error : new Error(String(error)));
          }
          if (value !== undefined) {
            this.lines.splice(index, 1);
            return finish(null, value);
          }
        }
        if (this.exitCode !== undefined) finish(new Error(`${this.name} exited (code ${this.exitCode}) before answering`));
      };
      this.waiters.add(look);
      look();
    });
  }

  /** Asks it to stop; kills it if it has not within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export class Children {
  private readonly all = new Set<Child>();

  constructor() {
    // Last resort (an uncaught error, process.exit elsewhere): nothing may outlive the run.
    process.on('exit', () => {
      for (const child of this.all) if (child.running) child.process.kill('SIGKILL');
    });
  }

  /** Starts `node [nodeArgs] script [args]`; stderr goes straight to ours. */
  spawnNode(name: string, script: string, options: { nodeArgs?: string[]; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Child {
    const process_ = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...(options.args ?? [])], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    // A failed spawn is reported as an exit, which every waiter already handles.
    process_.on('error', (error) => {
      console.error(`[${name}] ${error.message}`);
      process_.emit('exit', null, 'SIGKILL');
    });
    const child = new Child(name, process_);
    this.all.add(child);
    process_.on('exit', () => this.all.delete(child));
    return child;
  }

  /** Stops every child still running, the newest first (the service before its simulators). */
  async stopAll(): Promise<void> {
    for (const child of [...this.all].reverse()) await child.stop();
  }
}
