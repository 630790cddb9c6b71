package dev.preflight.core.idl;

/** Name conversions between the legacy (camelCase) and 0.30+ (snake_case) IDL spellings. */
final class Names {

  private Names() {}

  /**
   * camelCase to snake_case the way Anchor's {@code heck}-based conversion does it for instruction
   * names: a new word starts at an upper-case letter that follows a lower-case letter or digit, or at
   * the last upper-case letter of an acronym followed by a lower-case letter ({@code "initIDL"} ->
   * {@code "init_idl"}, {@code "setHTTPUrl"} -> {@code "set_http_url"}). Names already in snake_case
   * are returned unchanged.
   */
  static String snakeCase(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    int n = name.length();
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean prevLowerOrDigit =
            i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
        boolean prevUpper = i > 0 && Character.isUpperCase(name.charAt(i - 1));
        boolean nextLower = i + 1 < n && Character.isLowerCase(name.charAt(i + 1));
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_' && (prevLowerOrDigit || (prevUpper && nextLower))) {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Key for tolerant field lookup: {@code createKey}, {@code create_key} and {@code CreateKey} agree. */
  static String looseKey(String name) {
    return snakeCase(name).replace("_", "").toLowerCase(java.util.Locale.ROOT);
  }
}
