export function BoardPage({ id }: { id: string }) {
  return <div>{id}</div>;
}
