// Type tests of the events an `onEvent` observer receives, checked by `tsc` in the test command (never run).
import { type CallOptions, type ClientOptions, createRedcap, type RedcapEvent } from '@redcap-sdk/core';
import { expectTypeOf } from 'expect-type';

// The union is discriminated by `type`, and each member has its own fields.
expectTypeOf<RedcapEvent['type']>().toEqualTypeOf<
  'request:start' | 'request:end' | 'retry' | 'rate-limit:wait' | 'batch:start' | 'batch:end'
>();
expectTypeOf<Extract<RedcapEvent, { type: 'request:end' }>['status']>().toEqualTypeOf<number | undefined>();
expectTypeOf<Extract<RedcapEvent, { type: 'request:end' }>['bytes']>().toEqualTypeOf<number>();
expectTypeOf<Extract<RedcapEvent, { type: 'retry' }>['reason']>().toEqualTypeOf<string>();
expectTypeOf<Extract<RedcapEvent, { type: 'rate-limit:wait' }>['reason']>().toEqualTypeOf<'per-minute' | '429'>();
expectTypeOf<Extract<RedcapEvent, { type: 'batch:end' }>['ok']>().toEqualTypeOf<boolean>();
expectTypeOf<RedcapEvent['method']>().toEqualTypeOf<string>();

// No event has a field for the token, the request body or the answer's data.
expectTypeOf<RedcapEvent>().not.toHaveProperty('token');
expectTypeOf<Extract<RedcapEvent, { type: 'request:start' }>>().not.toHaveProperty('body');
expectTypeOf<Extract<RedcapEvent, { type: 'request:end' }>>().not.toHaveProperty('data');

// onEvent is a client option and a call option, and narrows by `type`.
expectTypeOf<ClientOptions['onEvent']>().toEqualTypeOf<((event: RedcapEvent) => void) | undefined>();
expectTypeOf<CallOptions['onEvent']>().toEqualTypeOf<((event: RedcapEvent) => void) | undefined>();
const redcap = createRedcap({
  url: 'https://redcap.example.edu/api/',
  onEvent: (event) => {
    if (event.type === 'retry') expectTypeOf(event.delay).toEqualTypeOf<number>();
    // @ts-expect-error `delay` is only on retry events
    void event.delay;
  },
});
void redcap.records.export({ batchSize: 100 }, { onEvent: (event) => expectTypeOf(event).toEqualTypeOf<RedcapEvent>() });
