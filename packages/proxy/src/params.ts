/**
 * The parameters of a proxied call, as the `authorize` callback reads them. REDCap
 * (PHP) sends arrays as `name[0]`, `name[1]`, ...: `getAll('records')` gathers them.
 */
export interface ProxyParams {
  /** The value of a plain parameter (`'record'` for `content`), or `undefined`. */
  get(name: string): string | undefined;
  /** Every value of a parameter: `name` itself and `name[0]`, `name[1]`, ... in order. */
  getAll(name: string): string[];
  /** The parameter names as sent (`records[0]`, ...), the token excluded. */
  names(): string[];
}

/** A read-only view of the form fields of a request (its files are not parameters). */
export function paramsOf(fields: ReadonlyArray<readonly [string, string]>): ProxyParams {
  return {
    get: (name) => fields.find(([key]) => key === name)?.[1],
    getAll: (name) => {
      const plain = fields.filter(([key]) => key === name).map(([, value]) => value);
      const indexed = fields
        .map(([key, value]) => [new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[(\\d*)\\]$`).exec(key), value] as const)
        .filter(([match]) => match !== null)
        .sort(([a], [b]) => Number(a?.[1] || 0) - Number(b?.[1] || 0))
        .map(([, value]) => value);
      return [...plain, ...indexed];
    },
    names: () => fields.map(([key]) => key),
  };
}
