import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the explorer is served; its assets live below it. */
export const EXPLORER_PATH = '/graphiql';

/** The README's first sample query: what a newcomer runs first. */
export const SAMPLE_QUERY = `query Clients {
  clients(ids: ["fatora:1024", "daftra:512", "invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce"]) {
    id provider name email phone taxNumber
    address { formatted countryCode }
  }
  providers { provider configured }
}
`;

interface Asset { body: Buffer; type: string }

/**
 * GraphiQL, served entirely by this service (no CDN), so there is an explorer that works
 * offline; Apollo Sandbox, the landing page at /graphql, loads from Apollo's CDN. GraphiQL 3
 * is the last major with a browser bundle (GraphiQL 5 must be bundled by the user), which
 * runs on React 18's UMD builds. The files are read once, at boot.
 */
export function registerExplorer(app: FastifyInstance, graphqlPath: string): void {
  const require = createRequire(import.meta.url);
  const folder = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const file = (path: string, type: string): Asset => ({ body: readFileSync(path), type });
  const script = 'text/javascript; charset=utf-8';
  const assets = new Map<string, Asset>([
    ['react.js', file(join(folder('react'), 'umd/react.production.min.js'), script)],
    ['react-dom.js', file(join(folder('react-dom'), 'umd/react-dom.production.min.js'), script)],
    ['graphiql.js', file(join(folder('graphiql'), 'graphiql.min.js'), script)],
    ['graphiql.css', file(join(folder('graphiql'), 'graphiql.min.css'), 'text/css; charset=utf-8')],
    ['start.js', { body: Buffer.from(startScript(graphqlPath)), type: script }],
  ]);
  const page = Buffer.from(PAGE);

  app.get(EXPLORER_PATH, async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page));
  app.get<{ Params: { name: string } }>(`${EXPLORER_PATH}/:name`, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.code(404).send({ message: 'no such explorer file' });
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>clients-graph · GraphiQL</title>
  <link rel="stylesheet" href="${EXPLORER_PATH}/graphiql.css">
</head>
<body style="margin: 0">
  <div id="graphiql" style="height: 100vh"></div>
  <script src="${EXPLORER_PATH}/react.js"></script>
  <script src="${EXPLORER_PATH}/react-dom.js"></script>
  <script src="${EXPLORER_PATH}/graphiql.js"></script>
  <script src="${EXPLORER_PATH}/start.js"></script>
</body>
</html>
`;

function startScript(graphqlPath: string): string {
  return `// Mounts GraphiQL on this service's endpoint, with the README's first sample query.
const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(graphqlPath)} });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(SAMPLE_QUERY)}, defaultEditorToolsVisibility: false }),
);
`;
}
