// Type tests of @redcap-sdk/external-module, checked by `tsc` in the test command (never run).
import { createRedcap } from '@redcap-sdk/core';
import { type JavascriptModuleObject, moduleAjaxClientOptions, moduleAjaxFetch } from '@redcap-sdk/external-module';
import { expectTypeOf } from 'expect-type';

declare const module: JavascriptModuleObject;
expectTypeOf(moduleAjaxFetch(module)).toEqualTypeOf<typeof fetch>();
expectTypeOf(moduleAjaxFetch).toBeCallableWith(module, { action: 'redcap-api' });
// The options go straight into createRedcap: no token, one call at a time.
createRedcap(moduleAjaxClientOptions(module));
expectTypeOf(moduleAjaxClientOptions(module).token).toEqualTypeOf<null>();
// @ts-expect-error a module object needs ajax()
moduleAjaxFetch({});
