/** The routes an app answers, read from its own router: what the route-driven security tests walk. */
import type { Express } from 'express';

export interface Route {
  /** Upper case; a route.all() counts as POST, the method that can change state. */
  method: string;
  /** With its named parameters, e.g. /appointments/:appointmentId/cancel. */
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path of app.router and of every Router mounted in it, in the order they match. */
export function routesOf(app: Express): Route[] {
  const routes: Route[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          for (const path of [layer.route.path].flat()) routes.push({ method: method === '_all' ? 'POST' : method.toUpperCase(), path: prefix + path });
        }
      } else if (layer.handle?.stack) {
        if (typeof layer.rawPath !== 'string') throw new Error(`cannot read the mount path of a router: ${String(layer.rawPath)}`);
        walk(layer.handle.stack, layer.rawPath === '/' ? prefix : prefix + layer.rawPath);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

export const routeLabel = (route: Route) => `${route.method} ${route.path}`;
