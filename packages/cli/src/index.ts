/**
 * `@infrafabric/cli`: the `infrafabric` command line (alias `ifab`). The bin is `dist/cli.js`;
 * this entry exposes the pieces for embedding and testing: the command tree, `main`, the
 * connection store and the completion generator.
 *
 * @packageDocumentation
 */
export { action, createProgram, main, type ActionResult } from './program';
export { ExitCode, type ExitCodeValue, UsageError } from './exit-codes';
export { ConnectionStore, CONNECTION_NAME, type StoredConnection } from './config/connections';
export {
  displayCredential,
  envReference,
  maskedCredentials,
  parseCredentialFlags,
  resolveCredentials,
} from './config/credentials';
export { configDir, connectionsPath, defaultAuditPath, stateDir } from './config/paths';
export { completionScript, type Shell, SHELLS } from './completion/generate';
export {
  type BrokenPackage,
  defaultPackageFor,
  importProviderPackage,
  installedProviders,
  KNOWN_PROVIDER_PACKAGES,
} from './providers';
export { CLI_VERSION } from './version';
