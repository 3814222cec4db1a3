import { createRedcap } from '@redcap-sdk/core';
const [url = '', token = ''] = process.argv.slice(2);
const redcap = createRedcap({ url, token });
const m = () => {
  const u = process.memoryUsage();
  return `rss ${Math.round(u.rss / 2 ** 20)} heap ${Math.round(u.heapUsed / 2 ** 20)}/${Math.round(u.heapTotal / 2 ** 20)} ext ${Math.round(u.external / 2 ** 20)} ab ${Math.round(u.arrayBuffers / 2 ** 20)} max ${Math.round(process.resourceUsage().maxRSS / 1024)}`;
};
console.log('start', m());
let i = 0;
for await (const batch of redcap.records.exportBatches({
  batchSize: 1000,
  recordIdField: 'record_id',
  onProgress: (p) => {
    if (p.batches === 0) console.log('ids', m());
  },
})) {
  if (i++ % 20 === 0) {
    (globalThis as any).gc?.();
    console.log(i, batch.length, m());
  }
}
