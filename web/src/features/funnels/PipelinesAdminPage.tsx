export function PipelinesAdminPage() {
  return <div>PipelinesAdminPage</div>;
}
