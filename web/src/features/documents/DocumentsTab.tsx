// PLACEHOLDER, replaced by its feature's work in progress.
export function DocumentsTab(_: { personId: string }) {
  return null;
}
