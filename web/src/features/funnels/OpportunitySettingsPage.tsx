export function OpportunitySettingsPage() {
  return <div>OpportunitySettingsPage</div>;
}
