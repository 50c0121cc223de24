/**
 * Why the server could not listen, in one line that names the variable to change.
 * Without it a taken port surfaces as a raw EADDRINUSE stack, and a bad HOST as a
 * DNS error that looks like a database problem.
 */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

const HOST_PROBLEMS: Record<string, string> = {
  EADDRNOTAVAIL: 'is not an address of this machine',
  ENOTFOUND: 'is not an address or a host name that resolves',
  EAI_AGAIN: 'could not be resolved',
  EAI_FAIL: 'could not be resolved',
  EINVAL: 'is not a valid address',
};

/** The ListenError for a failed listen(host, port), or the error itself when it is not about the address. */
export function describeListenFailure(error: unknown, host: string, port: number, portVariable = 'PORT'): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new ListenError(`port ${port} on ${host} is already in use; set ${portVariable} to a free port (for example ${portVariable}=${port === 65535 ? 4000 : port + 1})`);
  }
  if (code === 'EACCES') return new ListenError(`port ${port} on ${host} needs privileges this process lacks; set ${portVariable} to a port above 1023`);
  if (typeof code === 'string' && code in HOST_PROBLEMS) {
    return new ListenError(`HOST=${host} ${HOST_PROBLEMS[code]}; set HOST to an address of this machine, such as 127.0.0.1 or 0.0.0.0`);
  }
  return error;
}
