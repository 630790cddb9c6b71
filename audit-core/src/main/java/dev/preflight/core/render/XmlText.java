package dev.preflight.core.render;

/**
 * Escaping for XML 1.0 text and attribute values. Characters XML 1.0 cannot carry at all (most
 * C0 controls, lone surrogates, U+FFFE/U+FFFF), which on-chain strings can contain, become U+FFFD.
 */
final class XmlText {
  private XmlText() {}

  static String text(String s) {
    return escape(s, false);
  }

  static String attr(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
        continue;
      }
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append(attribute ? "&quot;" : "\"");
        case '\'' -> b.append(attribute ? "&apos;" : "'");
        // In attributes, whitespace controls are written as references so parsers keep them.
        case '\n' -> b.append(attribute ? "&#10;" : "\n");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append(attribute ? "&#9;" : "\t");
        default -> {
          boolean legal = c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
          b.append(legal ? c : '\uFFFD');
        }
      }
    }
    return b.toString();
  }
}
