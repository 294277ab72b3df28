import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

// Codegen loads its plugins with require(), which jest's module sandbox cannot serve for
// ESM-only dependencies, so it runs in a plain child process and prints its outputs.
const GENERATE = `
  import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
  const { config } = await loadCodegenConfig({ configFilePath: 'codegen.yml' });
  const outputs = await generate({ ...config, silent: true }, false);
  process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content }))));
`;

test('test/generated is what codegen.yml produces from the checked-in schema (else run `npm run codegen`)', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', GENERATE], {
    env: { ...process.env, NODE_OPTIONS: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const outputs = JSON.parse(stdout) as Array<{ filename: string; content: string }>;
  expect(outputs.map((o) => o.filename)).toEqual(['test/generated/graphql.ts']);
  for (const { filename, content } of outputs) {
    const checkedIn = await readFile(filename, 'utf8').catch(() => '');
    if (checkedIn !== content) {
      throw new Error(`${filename} is out of date with schema/ and test/operations/: run \`npm run codegen\` and commit the result.`);
    }
  }
}, 60_000);
