package dev.preflight.checks.evidence;

import dev.preflight.checks.evidence.LineCoverage.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads line coverage from an LCOV tracefile, a Cobertura XML report or a JaCoCo XML report; the
 * format is told from the content, not the file name.
 *
 * <p>XML is read with the JDK's own StAX parser with DTDs and external entities switched off:
 * JaCoCo and Cobertura reports carry a DOCTYPE that names a DTD on a web server, and a coverage
 * file is input the audit does not control, so nothing it references is ever fetched or expanded.
 */
public final class CoverageReports {

  private CoverageReports() {}

  /** Why a report could not be read, for an INCONCLUSIVE result. */
  public static final class UnreadableReport extends Exception {
    public UnreadableReport(String message) {
      super(message);
    }

    public UnreadableReport(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static LineCoverage read(Path file) throws IOException, UnreadableReport {
    int first = firstNonBlank(file);
    if (first < 0) {
      throw new UnreadableReport("the file is empty");
    }
    return first == '<' ? readXml(file) : readLcov(file);
  }

  private static int firstNonBlank(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      int c;
      int seen = 0;
      while ((c = in.read()) >= 0) {
        // Skip a UTF-8 byte order mark and leading white space.
        if (seen++ < 3 && (c == 0xEF || c == 0xBB || c == 0xBF)) {
          continue;
        }
        if (!Character.isWhitespace(c)) {
          return c;
        }
      }
      return -1;
    }
  }

  // ---- LCOV: per record LF (lines found) and LH (lines hit); DA lines when those are absent ----

  static LineCoverage readLcov(Path file) throws IOException, UnreadableReport {
    long found = 0;
    long hit = 0;
    int records = 0;
    long recordFound = -1;
    long recordHit = -1;
    long daLines = 0;
    long daHit = 0;
    boolean inRecord = false;
    int lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        line = line.strip();
        if (line.startsWith("SF:")) {
          inRecord = true;
          recordFound = -1;
          recordHit = -1;
          daLines = 0;
          daHit = 0;
        } else if (line.startsWith("LF:")) {
          recordFound = number(line.substring(3), file, lineNo);
        } else if (line.startsWith("LH:")) {
          recordHit = number(line.substring(3), file, lineNo);
        } else if (line.startsWith("DA:")) {
          String[] parts = line.substring(3).split(",");
          if (parts.length < 2) {
            throw new UnreadableReport("line " + lineNo + ": malformed DA record '" + line + "'");
          }
          daLines++;
          if (!parts[1].strip().equals("0")) {
            daHit++;
          }
        } else if (line.equals("end_of_record")) {
          if (!inRecord) {
            throw new UnreadableReport("line " + lineNo + ": end_of_record without SF");
          }
          found += recordFound >= 0 ? recordFound : daLines;
          hit += recordHit >= 0 ? recordHit : daHit;
          records++;
          inRecord = false;
        }
      }
    }
    if (records == 0) {
      throw new UnreadableReport("not a coverage report: no LCOV records (SF: ... end_of_record)"
          + " and no XML; expected LCOV, Cobertura XML or JaCoCo XML");
    }
    if (hit > found) {
      throw new UnreadableReport("LCOV totals are inconsistent: " + hit + " lines hit of " + found
          + " found");
    }
    return LineCoverage.counted(Format.LCOV, hit, found);
  }

  private static long number(String s, Path file, int lineNo) throws UnreadableReport {
    try {
      long v = Long.parseLong(s.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UnreadableReport("line " + lineNo + ": expected a count, got '" + s + "'");
    }
  }

  // ---- XML: Cobertura <coverage> or JaCoCo <report> ----

  static XMLInputFactory hardenedFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("refusing to load external resource " + systemId);
    });
    return f;
  }

  static LineCoverage readXml(Path file) throws IOException, UnreadableReport {
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader x = hardenedFactory().createXMLStreamReader(in);
      try {
        while (x.hasNext()) {
          if (x.next() == XMLStreamConstants.START_ELEMENT) {
            return switch (x.getLocalName()) {
              case "coverage" -> cobertura(x);
              case "report" -> jacoco(x);
              default -> throw new UnreadableReport("XML root element <" + x.getLocalName()
                  + "> is neither Cobertura's <coverage> nor JaCoCo's <report>");
            };
          }
        }
        throw new UnreadableReport("the XML has no root element");
      } finally {
        x.close();
      }
    } catch (XMLStreamException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNumber() + ", column "
              + e.getLocation().getColumnNumber();
      throw new UnreadableReport("malformed XML" + where + ": " + e.getMessage()
          .replaceFirst("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message: ", ""), e);
    }
  }

  private static LineCoverage cobertura(XMLStreamReader x) throws UnreadableReport {
    String covered = x.getAttributeValue(null, "lines-covered");
    String valid = x.getAttributeValue(null, "lines-valid");
    if (covered != null && valid != null) {
      long c = count(covered, "lines-covered");
      long v = count(valid, "lines-valid");
      if (c > v) {
        throw new UnreadableReport("Cobertura lines-covered (" + c + ") exceeds lines-valid ("
            + v + ")");
      }
      return LineCoverage.counted(Format.COBERTURA, c, v);
    }
    String rate = x.getAttributeValue(null, "line-rate");
    if (rate == null) {
      throw new UnreadableReport("Cobertura <coverage> has neither lines-covered/lines-valid nor "
          + "line-rate");
    }
    try {
      BigDecimal r = new BigDecimal(rate.strip());
      if (r.signum() < 0 || r.compareTo(BigDecimal.ONE) > 0) {
        throw new UnreadableReport("Cobertura line-rate " + rate + " is not between 0 and 1");
      }
      return new LineCoverage(Format.COBERTURA, java.util.OptionalLong.empty(),
          java.util.OptionalLong.empty(), r.multiply(BigDecimal.valueOf(100))
              .setScale(10, RoundingMode.HALF_EVEN));
    } catch (NumberFormatException e) {
      throw new UnreadableReport("Cobertura line-rate '" + rate + "' is not a number");
    }
  }

  /** The report-level LINE counter: a {@code <counter>} directly under {@code <report>}. */
  private static LineCoverage jacoco(XMLStreamReader x)
      throws XMLStreamException, UnreadableReport {
    int depth = 1;
    while (x.hasNext()) {
      int ev = x.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        depth++;
        if (depth == 2 && x.getLocalName().equals("counter")
            && "LINE".equals(x.getAttributeValue(null, "type"))) {
          long missed = count(x.getAttributeValue(null, "missed"), "missed");
          long covered = count(x.getAttributeValue(null, "covered"), "covered");
          return LineCoverage.counted(Format.JACOCO, covered, covered + missed);
        }
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
    throw new UnreadableReport("JaCoCo <report> has no report-level <counter type=\"LINE\">");
  }

  private static long count(String s, String what) throws UnreadableReport {
    if (s == null) {
      throw new UnreadableReport("attribute " + what + " is missing");
    }
    try {
      long v = Long.parseLong(s.strip());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UnreadableReport("attribute " + what + "='" + s + "' is not a count");
    }
  }
}
