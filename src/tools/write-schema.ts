import { readFile, writeFile } from 'node:fs/promises';
import { createSchema } from '../graphql/schema.js';
import { printSdl, SCHEMA_PATH } from '../graphql/sdl.js';
import { providerModules } from '../providers/index.js';
import { withGeneratedTables } from './readme-tables.js';

/** `npm run schema`: regenerates the checked-in SDL and the README's generated tables from the code. */
await writeFile(SCHEMA_PATH, printSdl(await createSchema(providerModules)));
console.log(`wrote ${SCHEMA_PATH}`);
await writeFile('README.md', withGeneratedTables(await readFile('README.md', 'utf8'), providerModules));
console.log('wrote the generated tables in README.md');
