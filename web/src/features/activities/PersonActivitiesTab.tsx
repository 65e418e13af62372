// PLACEHOLDER, replaced by its feature's work in progress.
export function PersonActivitiesTab(_: { personId: string }) {
  return null;
}
