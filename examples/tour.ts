/**
 * The SDK tour: `node examples/tour.ts` runs it against the embedded simulator.
 * With REDCAP_URL and REDCAP_TOKEN set it runs against that server, read-only
 * unless `--write` is given.
 */
import { createMockRedcap } from '@redcap-sdk/mock';
import { configFromEnv } from '@redcap-sdk/node';
import { tour } from './tour-steps.ts';

const real = process.env.REDCAP_URL && process.env.REDCAP_TOKEN;
const write = !real || process.argv.includes('--write');
const log = (line: string): void => console.log(line);

if (real) {
  console.log(`Touring the REDCap server at ${process.env.REDCAP_URL}${write ? '' : ' (read-only)'}`);
  await tour(configFromEnv(), { write, log });
} else {
  const mock = createMockRedcap();
  console.log('Touring the embedded REDCap simulator (set REDCAP_URL and REDCAP_TOKEN to tour a real server)');
  await tour({ url: 'https://redcap.example.test/api/', token: mock.token, fetch: mock.fetch }, { write, log });
}
