import { writeFile } from 'node:fs/promises';
import { createSchema } from '../graphql/schema.js';
import { printSdl, SCHEMA_PATH } from '../graphql/sdl.js';
import { providerModules } from '../providers/index.js';

/** `npm run schema`: regenerates the checked-in SDL from the code. */
await writeFile(SCHEMA_PATH, printSdl(await createSchema(providerModules)));
console.log(`wrote ${SCHEMA_PATH}`);
