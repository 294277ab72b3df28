import { providerModules } from '../src/providers/index.js';
import { readFile } from 'node:fs/promises';
import { createSchema } from '../src/graphql/schema.js';
import { printSdl, SCHEMA_PATH } from '../src/graphql/sdl.js';

test('schema/schema.graphql is what the code prints (else run `npm run schema`)', async () => {
  const checkedIn = await readFile(SCHEMA_PATH, 'utf8');
  const printed = printSdl(await createSchema(providerModules));
  if (checkedIn !== printed) {
    throw new Error(`${SCHEMA_PATH} differs from the schema the code builds: run \`npm run schema\` and commit the result.`);
  }
});
