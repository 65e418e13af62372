export function OpportunityPage({ id }: { id: string }) {
  return <div>{id}</div>;
}
