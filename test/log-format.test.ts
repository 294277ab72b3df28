import { wantsPrettyLogs } from '../src/observability/log-format.js';

test.each([
  [true, undefined, true],
  [true, 'development', true],
  [true, 'production', false],
  [false, undefined, false],
  [false, 'development', false],
  [false, 'production', false],
])('stdout a terminal: %s, NODE_ENV=%s: pretty logs %s (else JSON lines)', (terminal, nodeEnv, pretty) => {
  expect(wantsPrettyLogs(terminal, nodeEnv)).toBe(pretty);
});
