// PLACEHOLDER, replaced by its feature's work in progress.
export function AssetsTab(_: { personId: string }) {
  return null;
}
