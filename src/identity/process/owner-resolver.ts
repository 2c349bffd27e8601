/** The socket-owner lookup for this OS (one module per OS behind OwnerResolver), or why there is none. */
import { LinuxOwners } from './linux-owners.js';
import { loadNativeSockets } from './native-sockets.js';
import type { OwnerProblem, OwnerResolver } from './owner-types.js';
import { TableOwners } from './table-owners.js';

export function createOwnerResolver(opts: { native?: boolean } = {}): OwnerResolver | OwnerProblem {
  if (process.platform === 'linux') return new LinuxOwners(opts);
  const native = opts.native === false ? null : loadNativeSockets();
  if (native && (native.platform === 'darwin' || native.platform === 'win32')) return new TableOwners(native);
  return {
    code: 'identity-unsupported',
    message: `NetLens cannot tell which program owns a connection on ${process.platform}${native ? '' : ' (its socket binding is not built)'}`,
    hint: 'reinstall with a C compiler available (npm ci builds src/identity/native); Linux, macOS and Windows are supported',
  };
}
