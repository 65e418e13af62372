import { startEmbeddedPostgres } from './src/db/embedded.ts';

const emb = await startEmbeddedPostgres({ dataDir: '/tmp/funil-1m', port: 57500 });
console.log('up', emb.url);
setInterval(() => {}, 1 << 30);
