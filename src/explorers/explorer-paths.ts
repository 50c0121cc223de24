/** Where the browser explorers live; the start-up text, the landing page and the README name these. */
export const EXPLORER_PATHS = {
  graphiql: '/graphiql',
  swaggerUi: '/docs',
} as const;
