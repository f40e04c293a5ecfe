/** JSON with sorted keys and no undefined members, so equal content always serializes (and hashes) the same. */
export function canonicalJson(input: unknown): string {
  // Dates and other values with toJSON serialize as JSON.stringify would serialize them.
  const value = input && typeof (input as { toJSON?: unknown }).toJSON === 'function' ? (input as { toJSON(): unknown }).toJSON() : input;
  // Undefined members are dropped, as the document client drops them when it stores a list.
  if (Array.isArray(value)) return `[${value.filter((member) => member !== undefined).map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
