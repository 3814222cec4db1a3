// Type tests of @redcap-sdk/proxy, checked by `tsc` in the test command (never run).
import type { MethodName } from '@redcap-sdk/core/methods';
import { createRedcapProxy, type ProxyCall, type RedcapProxy, readOnlyMethods } from '@redcap-sdk/proxy';
import { type NodeListener, toNodeListener } from '@redcap-sdk/proxy/node';
import { expectTypeOf } from 'expect-type';

const proxy = createRedcapProxy({ url: 'https://redcap.example.edu/api/', token: 'T', authorize: () => true });
expectTypeOf(proxy).toEqualTypeOf<RedcapProxy>();
expectTypeOf(proxy).toBeCallableWith(new Request('https://app.example.edu/'));
expectTypeOf(proxy).toBeCallableWith(new Request('https://app.example.edu/'), { remoteAddress: '127.0.0.1' });
expectTypeOf(proxy).returns.resolves.toEqualTypeOf<Response>();
expectTypeOf(readOnlyMethods).toEqualTypeOf<readonly MethodName[]>();
expectTypeOf<ProxyCall['method']>().toEqualTypeOf<MethodName>();
expectTypeOf(toNodeListener(proxy)).toEqualTypeOf<NodeListener>();

// The allowlist is named by the method table: a typo does not compile.
createRedcapProxy({ url: 'https://r.example/api/', token: 'T', authorize: () => true, allow: ['exportRecords', 'importFile'] });
// @ts-expect-error 'exportRecord' is not a method name
createRedcapProxy({ url: 'https://r.example/api/', token: 'T', authorize: () => true, allow: ['exportRecord'] });
// @ts-expect-error authorize is required
createRedcapProxy({ url: 'https://r.example/api/', token: 'T' });
// authorize may answer for itself, asynchronously.
createRedcapProxy({ url: 'https://r.example/api/', token: 'T', authorize: async () => new Response(null, { status: 401 }) });
