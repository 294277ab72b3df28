// The provider port's errors belong to the core; re-exported here for the transport.
export { UpstreamError, WriteRefusedError, type FieldProblem, type UpstreamCode } from '../clients/errors.js';
