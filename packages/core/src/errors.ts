/**
 * Errors of @dfp/core. Argument and file errors are the shared ones of @dfp/envs, so a caller catches one
 * `DfpArgumentError` class across packages; core adds the backend error.
 */
export { DfpArgumentError, DfpFileError, describeValue } from '@dfp/envs';

/** A requested tfjs backend cannot start; the message says why and how to install it. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}
