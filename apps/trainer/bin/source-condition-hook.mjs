// Node module-resolution hook: resolve workspace packages through their `@signflow/source`
// export condition (TypeScript sources) instead of their built `dist`.
export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: ['@signflow/source', ...context.conditions] });
}
