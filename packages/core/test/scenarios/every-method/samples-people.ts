import type { Samples } from './sample.ts';

/** Samples of the people methods (issue 3). */
export const peopleSamples: Samples = {};
