/**
 * Runs `task` for each item with at most `concurrency` at once and yields the
 * results in item order, starting the next task only as results are taken, so at
 * most `concurrency` results are held. Stops starting tasks once one has failed.
 */
export async function* inOrder<I, R>(
  items: readonly I[],
  concurrency: number,
  task: (item: I, index: number) => Promise<R>,
): AsyncGenerator<R> {
  const running: Promise<R>[] = [];
  let next = 0;
  const start = (): void => {
    const index = next++;
    const promise = task(items[index]!, index);
    promise.catch(() => undefined); // observed when its turn comes; avoids unhandled-rejection noise meanwhile
    running.push(promise);
  };
  while (next < items.length && running.length < concurrency) start();
  while (running.length > 0) {
    const result = await running.shift()!;
    if (next < items.length) start();
    yield result;
  }
}

/** Splits a list into chunks of `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
