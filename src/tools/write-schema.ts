import { readFile, writeFile } from 'node:fs/promises';
import { createSchema } from '../graphql/schema.js';
import { printSdl, SCHEMA_PATH } from '../graphql/sdl.js';
import { CLIENT_SCHEMA_PATH, printClientSdl } from '../graphql/client-sdl.js';
import { providerModules } from '../providers/index.js';
import { withGeneratedTables } from './readme-tables.js';

/** `npm run schema`: regenerates the checked-in SDL, the plain client schema and the README's generated tables from the code. */
const schema = await createSchema(providerModules);
await writeFile(SCHEMA_PATH, printSdl(schema));
console.log(`wrote ${SCHEMA_PATH}`);
await writeFile(CLIENT_SCHEMA_PATH, printClientSdl(schema));
console.log(`wrote ${CLIENT_SCHEMA_PATH}`);
await writeFile('README.md', withGeneratedTables(await readFile('README.md', 'utf8'), providerModules));
console.log('wrote the generated tables in README.md');
