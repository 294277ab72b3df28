import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { buildSchema } from 'graphql';
import { CLIENT_SCHEMA_PATH, printClientSdl } from '../src/graphql/client-sdl.js';
import { createSchema } from '../src/graphql/schema.js';
import { providerModules } from '../src/providers/index.js';

/** The plain client schema, as the ecosystem's own tools load it on a fresh clone. */

test('schema/client.graphql is what the code prints (else run `npm run schema`)', async () => {
  const checkedIn = await readFile(CLIENT_SCHEMA_PATH, 'utf8');
  if (checkedIn !== printClientSdl(await createSchema(providerModules))) {
    throw new Error(`${CLIENT_SCHEMA_PATH} differs from the schema the code builds: run \`npm run schema\` and commit the result.`);
  }
});

test('graphql-js buildSchema loads it: no federation directives, no _service or _entities', async () => {
  const text = await readFile(CLIENT_SCHEMA_PATH, 'utf8');
  const schema = buildSchema(text);
  expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['clientList', 'findClients', 'client', 'clients', 'node', 'nodes', 'providers']);
  expect(text).not.toMatch(/@link|@key|@shareable|_Entity|_Any/);
});

test('relay-compiler compiles a usePaginationFragment @connection + @refetchable fragment and a Client fragment refetched through node', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'relay-'));
  try {
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'relay.config.json'), JSON.stringify({ src: './src', schema: resolve(CLIENT_SCHEMA_PATH), language: 'typescript' }));
    await writeFile(join(dir, 'src', 'Clients.ts'), [
      'declare const graphql: (s: TemplateStringsArray) => unknown;',
      'export const list = graphql`',
      '  fragment Clients_query on Query @refetchable(queryName: "ClientsPaginationQuery")',
      '  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {',
      '    clientList(provider: DAFTRA, first: $count, after: $cursor) @connection(key: "Clients_clientList") {',
      '      edges { node { id ...ClientCard_client } }',
      '    }',
      '  }`;',
      'export const card = graphql`',
      '  fragment ClientCard_client on Client @refetchable(queryName: "ClientCardRefetchQuery") { id name address { formatted } }`;',
      'export const query = graphql`query ClientsQuery { ...Clients_query }`;',
    ].join('\n'));
    // The package ships its prebuilt binary (no install script); cli.js picks the platform's.
    await promisify(execFile)(process.execPath, [resolve('node_modules/relay-compiler/cli.js')], { cwd: dir });
    const generated = (name: string) => readFile(join(dir, 'src', '__generated__', `${name}.graphql.ts`), 'utf8');
    expect(await generated('ClientCardRefetchQuery')).toContain('node(id: $id)');
    const pagination = await generated('ClientsPaginationQuery');
    expect(pagination).toContain('clientList(provider: DAFTRA, first: $count, after: $cursor)');
    expect(pagination).toContain('hasNextPage');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('@graphql-eslint\'s schema-relay preset (eslint.config.mjs, through .graphqlrc.yml) reports nothing', async () => {
  const [result] = await new ESLint().lintFiles([CLIENT_SCHEMA_PATH]);
  expect(result!.messages.map((m) => `${m.ruleId} ${m.line}: ${m.message}`)).toEqual([]);
});
