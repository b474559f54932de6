/**
 * A table lookup by a name from the snippet (`x.toString`, `valueOf = 1`): only the table's own entries, never
 * Object.prototype's (`table["toString"]` would be a function nobody put there).
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
