/**
 * Every text a user could see of a value: its string form, its JSON, its stack,
 * and (walked recursively, enumerable or not) every property and `cause` it holds.
 */
export function visibleTexts(value: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (item: unknown, depth: number): void => {
    if (item === null || item === undefined || depth > 6) return;
    if (typeof item === 'string') {
      texts.push(item);
      return;
    }
    if (typeof item !== 'object' && typeof item !== 'function') {
      texts.push(String(item));
      return;
    }
    if (seen.has(item)) return;
    seen.add(item);
    try {
      texts.push(String(item));
    } catch {
      // Objects without a string form still have properties to walk.
    }
    try {
      texts.push(JSON.stringify(item) ?? '');
    } catch {
      // Circular or BigInt: the properties are walked below anyway.
    }
    for (const key of Reflect.ownKeys(item)) {
      texts.push(String(key));
      const descriptor = Object.getOwnPropertyDescriptor(item, key);
      if (descriptor && 'value' in descriptor && typeof descriptor.value !== 'function') walk(descriptor.value, depth + 1);
    }
  };
  walk(value, 0);
  return texts;
}

/** The texts among {@link visibleTexts} that contain `secret`. */
export function leaksOf(value: unknown, secret: string): string[] {
  return visibleTexts(value).filter((text) => text.includes(secret));
}
