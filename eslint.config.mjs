// ESLint for the generated client schema: @graphql-eslint's Relay rules, as a frontend team
// would run them on schema/client.graphql (test/frontend-tooling.test.ts runs it).
import graphql from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['schema/client.graphql'],
    languageOptions: { parser: graphql.parser },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...graphql.configs['flat/schema-relay'].rules,
      // Lists that are not pages stay lists: nodes/clients (Relay's plural lookups), and the
      // small bounded lists (providers, fields, userErrors). The edge checks themselves stay on.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false, shouldImplementNode: true, withEdgeSuffix: true }],
      // Every root field that can fail is nullable (partial answers); the rule checks the same.
      '@graphql-eslint/require-nullable-result-in-root': 'error',
    },
  },
];
