interface RouterLayer {
  route?: { methods?: Record<string, boolean> };
  match?(path: string): boolean;
}

/** The part of an Express application this reads: its router's layers. */
export interface RoutedApp {
  router?: { stack?: RouterLayer[] };
}

/**
 * The HTTP methods some route of an Express app answers at `path` (HEAD wherever GET is, as
 * Express does), sorted. Empty when no route matches the path at all.
 */
export function routedMethods(app: RoutedApp | undefined, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of app?.router?.stack ?? []) {
    if (!layer.route?.methods || !layer.match?.(path)) continue;
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (enabled && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
