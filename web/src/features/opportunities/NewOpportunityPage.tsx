export function NewOpportunityPage() {
  return <div>NewOpportunityPage</div>;
}
