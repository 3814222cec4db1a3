import { createRedcap } from '@redcap-sdk/core';
const [url = '', token = '', what = ''] = process.argv.slice(2);
const redcap = createRedcap({ url, token });
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);
if (what === 'ids') {
  const r = await redcap.records.export({ fields: ['record_id'] });
  console.log('ids', r.length, mb());
}
if (what === 'batch') {
  const ids = Array.from({ length: 5000 }, (_, i) => String(i + 1));
  const r = await redcap.records.export({ records: ids });
  console.log('batch', r.length, mb());
}
if (what === 'rawids') {
  const body = new URLSearchParams({ token, content: 'record', format: 'json', 'fields[0]': 'record_id' });
  const t = await (await fetch(url, { method: 'POST', body })).text();
  console.log('rawids', t.length, mb());
}
