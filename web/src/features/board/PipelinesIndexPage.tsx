export function PipelinesIndexPage() {
  return <div>PipelinesIndexPage</div>;
}
