// PLACEHOLDER, replaced by its feature's work in progress.
export function AttachmentsTab(_: { personId: string }) {
  return null;
}
