export function FunnelReportPage() {
  return <div>FunnelReportPage</div>;
}
