package dev.preflight.core.render;

import dev.preflight.core.PreflightException;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Renders {@code index.html} from {@code report.ftlh}: the user's template directory first (a file
 * there replaces ours of the same name), then the bundled templates of {@code
 * preflight-report-templates}. {@code .ftlh} templates auto-escape for HTML.
 */
final class HtmlRenderer {
  /** Where the bundled templates live on the class path. */
  static final String TEMPLATE_PATH = "dev/preflight/templates/";
  static final String MAIN_TEMPLATE = "report.ftlh";

  private final Configuration cfg;

  HtmlRenderer(Optional<Path> templateDir) {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    List<TemplateLoader> loaders = new ArrayList<>();
    if (templateDir.isPresent()) {
      Path dir = templateDir.get();
      if (!Files.isDirectory(dir)) {
        throw new PreflightException("Report template directory " + dir + " does not exist or is "
            + "not a directory; point templateDir at a folder of .ftlh files, or leave it unset.");
      }
      try {
        loaders.add(new FileTemplateLoader(dir.toFile()));
      } catch (IOException e) {
        throw new PreflightException("Cannot read report template directory " + dir + ": "
            + e.getMessage(), e);
      }
    }
    loaders.add(new ClassTemplateLoader(HtmlRenderer.class.getClassLoader(), TEMPLATE_PATH));
    c.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
    c.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
    c.setDefaultEncoding("UTF-8");
    c.setOutputEncoding("UTF-8");
    c.setRecognizeStandardFileExtensions(true);
    c.setAutoEscapingPolicy(Configuration.ENABLE_IF_DEFAULT_AUTO_ESCAPING_POLICY);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    // Fixed locale, zone and number format: the same report must give the same bytes anywhere.
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setNumberFormat("computer");
    c.setLocalizedLookup(false);
    // Templates may come from the user's directory: no ?new, no ?api.
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setAPIBuiltinEnabled(false);
    this.cfg = c;
  }

  /**
   * Control characters other than tab, line feed and carriage return are HTML parse errors; report
   * strings read from chain can carry them, escaping does not remove them, so they become U+FFFD.
   * The templates themselves contain none.
   */
  static String withoutControlCharacters(String html) {
    StringBuilder b = null;
    for (int i = 0; i < html.length(); i++) {
      char c = html.charAt(i);
      boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0);
      if (bad && b == null) {
        b = new StringBuilder(html.length()).append(html, 0, i);
      }
      if (b != null) {
        b.append(bad ? '\uFFFD' : c);
      }
    }
    return b == null ? html : b.toString();
  }

  String render(ReportModel model) {
    return render(MAIN_TEMPLATE, Map.of("report", model));
  }

  /** Renders the template {@code name} (another page than the report) with {@code model}. */
  String render(String name, Map<String, Object> model) {
    try {
      Template t = cfg.getTemplate(name);
      StringWriter out = new StringWriter();
      t.process(model, out);
      return withoutControlCharacters(out.toString());
    } catch (TemplateException e) {
      throw new PreflightException("Report template error in " + e.getTemplateSourceName()
          + " line " + e.getLineNumber() + ": " + e.getMessageWithoutStackTop()
          + ". Fix the template (a user template directory overrides the bundled one).", e);
    } catch (IOException e) {
      throw new PreflightException("Cannot load report template " + name + ": "
          + e.getMessage() + ". Is preflight-report-templates on the class path?", e);
    }
  }
}
