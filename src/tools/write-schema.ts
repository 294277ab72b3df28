import { readFile, writeFile } from 'node:fs/promises';
import { createSchema } from '../graphql/schema.js';
import { printSdl, SCHEMA_PATH } from '../graphql/sdl.js';
import { providerModules } from '../providers/index.js';
import { manualFiles, withGeneratedTables } from './readme-tables.js';

/** `npm run schema`: regenerates the checked-in SDL and the manual's generated tables from the code. */
await writeFile(SCHEMA_PATH, printSdl(await createSchema(providerModules)));
console.log(`wrote ${SCHEMA_PATH}`);
for (const file of manualFiles()) {
  const text = await readFile(file, 'utf8');
  const generated = withGeneratedTables(text, providerModules);
  if (generated !== text) await writeFile(file, generated);
}
console.log(`wrote the generated tables in ${manualFiles().join(', ')}`);
