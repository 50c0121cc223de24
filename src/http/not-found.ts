import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { classifyError } from '../errors/classify';
import { trackAllowedMethods } from './allowed-methods';
import { sendError } from './send-error';

/** An unknown path is a 404; a known path with another method a 405 whose Allow is read from the registered routes. */
export function registerNotFound(app: FastifyInstance): void {
  const allowedMethods = trackAllowedMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const methods = allowedMethods(path);
    // No route at all, or an allowed method that still found none (an id past the router's length limit): nothing there.
    if (methods.length === 0 || methods.includes(request.method)) {
      return sendError(request, reply, classifyError(new AppError('not_found', 'No such route.')));
    }
    const allowed = methods.join(', ');
    reply.header('allow', allowed);
    const refusal = new AppError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed}.`);
    return sendError(request, reply, classifyError(refusal));
  });
}
