package dev.preflight.core.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Expression;
import dev.preflight.core.policy.SourceProblem;
import dev.preflight.core.policy.Suggestions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One program's CEL environment: the IDL's types, the exact-integer library, the function {@code
 * account(pubkey)}, and the compiler and runtime built on them.
 */
final class ExprEnv {
  static final String ACCOUNT_OVERLOAD = "account_string";
  private static final CelOptions OPTIONS = CelOptions.current()
      .comprehensionMaxIterations(100_000).build();
  private static final Pattern UNDECLARED =
      Pattern.compile("undeclared reference to '([^']*)'.*");
  private static final Pattern UNDEFINED_FIELD = Pattern.compile("undefined field '([^']*)'.*");

  private final IdlCel types;
  private final CelRuntime runtime;

  ExprEnv(Idl idl) {
    this.types = new IdlCel(idl);
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(OPTIONS)
        .setStandardEnvironmentEnabled(false)
        .setStandardFunctions(WideIntegers.standardFunctions())
        .addFunctionBindings(WideIntegers.bindings(OPTIONS))
        .build();
  }

  IdlCel types() {
    return types;
  }

  /**
   * Compiles {@code e} with {@code vars} declared; problems (syntax, unknown names with
   * suggestions, types, a result that is not a bool) are added to {@code problems}, located in
   * the policy file.
   */
  Optional<CompiledExpression> compile(Expression e, Map<String, CelType> vars,
                                       List<SourceProblem> problems) {
    CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("account",
            CelOverloadDecl.newGlobalOverload(ACCOUNT_OVERLOAD, SimpleType.DYN,
                SimpleType.STRING)));
    vars.forEach(b::addVar);
    CelCompiler compiler = b.build();
    CelValidationResult r;
    try {
      r = compiler.compile(e.text());
    } catch (RuntimeException ex) {
      problems.add(e.problemAt(0, "CEL: the expression cannot be compiled ("
          + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")"));
      return Optional.empty();
    }
    if (r.hasError()) {
      Optional<CelAbstractSyntaxTree> parsed = parsed(compiler, e.text());
      for (CelIssue i : r.getErrors()) {
        int offset = e.offsetOf(i.getSourceLocation().getLine(),
            i.getSourceLocation().getColumn());
        Set<String> fields = parsed.flatMap(ast -> fieldsAt(ast, i.getExprId(), vars))
            .orElseGet(() -> new LinkedHashSet<>(types.fieldNames()));
        problems.add(e.problemAt(offset, explain(i.getMessage(), vars.keySet(), fields)));
      }
      return Optional.empty();
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = r.getAst();
    } catch (CelValidationException ex) {
      problems.add(e.problemAt(0, "CEL: " + ex.getMessage()));
      return Optional.empty();
    }
    CelType result = ast.getResultType();
    if (result.kind() != CelKind.BOOL && result.kind() != CelKind.DYN) {
      problems.add(e.problemAt(0, "the expression gives " + result.name() + ", expected a bool "
          + "(true when it holds); compare it with something, e.g. '" + e.text().strip()
          + " > 0'"));
      return Optional.empty();
    }
    try {
      return Optional.of(new CompiledExpression(e, runtime.createProgram(ast), types));
    } catch (CelEvaluationException ex) {
      problems.add(e.problemAt(0, "CEL: " + ex.getMessage()));
      return Optional.empty();
    }
  }

  private static Optional<CelAbstractSyntaxTree> parsed(CelCompiler compiler, String text) {
    try {
      CelValidationResult p = compiler.parse(text);
      return p.hasError() ? Optional.empty() : Optional.of(p.getAst());
    } catch (CelValidationException | RuntimeException ex) {
      return Optional.empty();
    }
  }

  /**
   * The fields of the object a misspelt field was selected on ({@code sale} in {@code
   * sale.sold_amout}), so the suggestion comes from that type and not from any type of the IDL.
   */
  private Optional<Set<String>> fieldsAt(CelAbstractSyntaxTree ast, long exprId,
                                         Map<String, CelType> vars) {
    return find(ast.getExpr(), exprId)
        .filter(x -> x.getKind() == CelExpr.ExprKind.Kind.SELECT)
        .flatMap(x -> typeOf(x.select().operand(), vars))
        .filter(t -> t instanceof StructType)
        .map(t -> new LinkedHashSet<>(((StructType) t).fieldNames()));
  }

  private Optional<CelType> typeOf(CelExpr x, Map<String, CelType> vars) {
    return switch (x.getKind()) {
      case IDENT -> Optional.ofNullable(vars.get(x.ident().name()));
      case SELECT -> typeOf(x.select().operand(), vars)
          .filter(t -> t instanceof StructType)
          .flatMap(t -> ((StructType) t).findField(x.select().field()))
          .map(StructType.Field::type);
      default -> Optional.empty();
    };
  }

  private static Optional<CelExpr> find(CelExpr x, long id) {
    if (x.id() == id) {
      return Optional.of(x);
    }
    List<CelExpr> children = new java.util.ArrayList<>();
    switch (x.getKind()) {
      case SELECT -> children.add(x.select().operand());
      case CALL -> {
        x.call().target().ifPresent(children::add);
        children.addAll(x.call().args());
      }
      case LIST -> children.addAll(x.list().elements());
      case MAP -> x.map().entries().forEach(en -> {
        children.add(en.key());
        children.add(en.value());
      });
      case COMPREHENSION -> {
        var c = x.comprehension();
        children.addAll(List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(),
            c.result()));
      }
      default -> { }
    }
    for (CelExpr c : children) {
      Optional<CelExpr> f = find(c, id);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  private static String explain(String message, Set<String> names, Set<String> fields) {
    Matcher m = UNDECLARED.matcher(message);
    if (m.matches()) {
      return "unknown name '" + m.group(1) + "'" + Suggestions.didYouMean(m.group(1), names)
          + (Suggestions.closest(m.group(1), names).isPresent() ? ""
          : "; known names: " + String.join(", ", names.stream().sorted().toList()));
    }
    Matcher f = UNDEFINED_FIELD.matcher(message);
    if (f.matches()) {
      return "unknown field '" + f.group(1) + "'" + Suggestions.didYouMean(f.group(1), fields);
    }
    if (message.startsWith("Syntax error") || message.contains("mismatched input")
        || message.contains("extraneous input") || message.contains("token recognition")) {
      return "CEL syntax error: " + message;
    }
    return "CEL type error: " + message;
  }
}
