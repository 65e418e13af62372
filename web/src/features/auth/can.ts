import type { Capability } from '@funil/domain';

/**
 * Whether the signed-in user's role holds a capability (from `GET /auth/me`, the same grants every service
 * checks): the web shows and guards by it, the server refuses with 403 anyway.
 */
export function can(user: { capabilities: readonly Capability[] }, capability: Capability): boolean {
  return user.capabilities.includes(capability);
}
