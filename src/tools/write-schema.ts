import { readFile, writeFile } from 'node:fs/promises';
import { createSchema } from '../graphql/schema.js';
import { printSdl, SCHEMA_PATH } from '../graphql/sdl.js';
import { providerModules } from '../providers/index.js';
import { withFieldTable } from './field-table.js';

/** `npm run schema`: regenerates the checked-in SDL and the README's field table from the code. */
await writeFile(SCHEMA_PATH, printSdl(await createSchema(providerModules)));
console.log(`wrote ${SCHEMA_PATH}`);
await writeFile('README.md', withFieldTable(await readFile('README.md', 'utf8'), providerModules));
console.log('wrote the field table in README.md');
