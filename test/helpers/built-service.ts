import { spawn, type ChildProcess } from 'node:child_process';
import { until } from './service.js';

export interface BuiltService { child: ChildProcess; url: string; output(): string }

/**
 * Spawns the built service (`node dist/src/main.js`, as `npm start` runs it) in `cwd` with
 * exactly `env`, collects its stdout and stderr, and waits for its "serving" line. The child
 * joins `children`, for the test file's afterAll to kill.
 */
export async function spawnBuiltService(env: NodeJS.ProcessEnv, children: ChildProcess[], cwd?: string): Promise<BuiltService> {
  let output = '';
  const child = spawn(process.execPath, ['dist/src/main.js'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  await until(() => {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output}`);
    return /serving (http:[^\s"]+)/.test(output);
  });
  return { child, url: /serving (http:[^\s"]+)/.exec(output)![1]!, output: () => output };
}
