export { createRedcapProxy, type ProxyCall, type ProxyDecision, type RedcapProxy, type RedcapProxyOptions } from './create-proxy.ts';
export { readOnlyMethods } from './allowlist.ts';
export type { ProxyParams } from './params.ts';
export type { ProxyRateLimit, ProxyRequestInfo } from './rate-limit.ts';
