import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api.ts';

let onUnauthenticated: () => void = () => {};

/** Called (by main.tsx) with what to do when the session is gone: go to the login page. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** A 401 anywhere means the session ended, except a failed login attempt itself. */
function handleError(error: unknown): void {
  if (isApiError(error) && error.status === 401 && error.code !== 'invalid-credentials') onUnauthenticated();
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: handleError }),
  mutationCache: new MutationCache({ onError: handleError }),
  defaultOptions: {
    queries: {
      // 4xx answers do not get better by asking again.
      retry: (failures, error) =>
        !(isApiError(error) && error.status >= 400 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});
