import type { Samples } from './sample.ts';

/** Samples of the design methods (issue 3). */
export const designSamples: Samples = {};
