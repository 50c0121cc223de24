import type { FastifyInstance } from 'fastify';

interface RegisteredPath {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

/** `/customers/:customerId` → a regular expression matching one concrete path. */
function patternOf(url: string): RegExp {
  const escaped = url.split(/(:[A-Za-z_]\w*)/).map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${escaped.join('')}$`);
}

/**
 * The methods each path answers, read from the routes as they are registered: the
 * 405's `Allow` header is derived, never a table kept by hand beside the routes.
 * Wildcard routes (a CORS preflight on `*`) do not make a path known.
 */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const paths = new Map<string, RegisteredPath>();
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const entry = paths.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) entry.methods.add(method);
    paths.set(route.url, entry);
  });
  return (path) => {
    const methods = new Set<string>();
    for (const entry of paths.values()) if (entry.pattern.test(path)) entry.methods.forEach((method) => methods.add(method));
    return [...methods].sort();
  };
}
