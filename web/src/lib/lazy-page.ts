import { type ComponentType, lazy } from 'react';

/**
 * A page whose code loads on first visit (a chunk of its own), so the first screen downloads only what it
 * shows; the router's pending component covers the wait.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}
