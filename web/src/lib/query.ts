import { QueryCache, QueryClient, MutationCache } from "@tanstack/react-query";

import { ApiError, NetworkError } from "@/lib/api/problem";

/**
 * Server state lives here. A 4xx is an answer, not a hiccup: never retried. A network failure
 * is retried twice, and tells `onReachability` so the app can say the API is down.
 */
export function createQueryClient(onReachability: (reachable: boolean) => void): QueryClient {
  const seen = (error: unknown) => {
    if (error instanceof NetworkError) onReachability(false);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: seen, onSuccess: () => onReachability(true) }),
    mutationCache: new MutationCache({ onError: seen, onSuccess: () => onReachability(true) }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}
