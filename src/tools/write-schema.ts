import { readFile, writeFile } from 'node:fs/promises';
import { createSchema } from '../graphql/schema.js';
import { printSdl, SCHEMA_PATH } from '../graphql/sdl.js';
import { CLIENT_SCHEMA_PATH, printClientSdl } from '../graphql/client-sdl.js';
import { providerModules } from '../providers/index.js';
import { manualFiles, withGeneratedTables } from './readme-tables.js';

/** `npm run schema`: regenerates the checked-in SDL, the plain client schema and the manual's generated tables from the code. */
const schema = await createSchema(providerModules);
await writeFile(SCHEMA_PATH, printSdl(schema));
console.log(`wrote ${SCHEMA_PATH}`);
await writeFile(CLIENT_SCHEMA_PATH, printClientSdl(schema));
console.log(`wrote ${CLIENT_SCHEMA_PATH}`);
for (const file of manualFiles()) {
  const text = await readFile(file, 'utf8');
  const generated = withGeneratedTables(text, providerModules);
  if (generated !== text) await writeFile(file, generated);
}
console.log(`wrote the generated tables in ${manualFiles().join(', ')}`);
