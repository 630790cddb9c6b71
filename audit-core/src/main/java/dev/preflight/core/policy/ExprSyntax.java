package dev.preflight.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelStandardMacro;
import dev.preflight.core.policy.Expression.Comparison;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CEL syntax without types: what the loader can check before the IDL is known (syntax errors) and
 * what other parts read from an expression's shape (field paths, constants, comparisons).
 */
final class ExprSyntax {
  private static final CelParser PARSER = CelParserFactory.standardCelParserBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS).build();
  private static final Map<String, String> FLIPPED = Map.of("_<_", ">", "_<=_", ">=",
      "_>_", "<", "_>=_", "<=", "_==_", "==", "_!=_", "!=");
  private static final Map<String, String> SYMBOL = Map.of("_<_", "<", "_<=_", "<=",
      "_>_", ">", "_>=_", ">=", "_==_", "==", "_!=_", "!=");

  private ExprSyntax() {}

  static Optional<CelAbstractSyntaxTree> parse(String text) {
    try {
      CelValidationResult r = PARSER.parse(text);
      return r.hasError() ? Optional.empty() : Optional.of(r.getAst());
    } catch (dev.cel.common.CelValidationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The syntax errors of {@code e}, located in the policy file. */
  static List<SourceProblem> syntaxProblems(Expression e) {
    CelValidationResult r;
    try {
      r = PARSER.parse(e.text());
    } catch (RuntimeException ex) {
      // The parser reports its errors as issues; anything else still means "cannot be read".
      return List.of(e.problemAt(0, "CEL syntax error: the expression cannot be parsed ("
          + ex.getClass().getSimpleName() + "); simplify it"));
    }
    List<SourceProblem> out = new ArrayList<>();
    for (CelIssue i : r.getErrors()) {
      int offset = e.offsetOf(i.getSourceLocation().getLine(), i.getSourceLocation().getColumn());
      out.add(e.problemAt(offset, "CEL syntax error: " + i.getMessage()));
    }
    return out;
  }

  static List<String> fieldPaths(CelAbstractSyntaxTree ast) {
    Set<String> out = new LinkedHashSet<>();
    walk(ast.getExpr(), new HashSet<>(), out);
    return List.copyOf(out);
  }

  private static void walk(CelExpr e, Set<String> locals, Set<String> out) {
    Optional<String> path = path(e);
    if (path.isPresent()) {
      String root = path.get().split("\\.", 2)[0];
      if (!locals.contains(root)) {
        out.add(path.get());
      }
      return;
    }
    switch (e.getKind()) {
      case SELECT -> walk(e.select().operand(), locals, out);
      case CALL -> {
        e.call().target().ifPresent(t -> walk(t, locals, out));
        e.call().args().forEach(a -> walk(a, locals, out));
      }
      case LIST -> e.list().elements().forEach(a -> walk(a, locals, out));
      case MAP -> e.map().entries().forEach(en -> {
        walk(en.key(), locals, out);
        walk(en.value(), locals, out);
      });
      case COMPREHENSION -> {
        var c = e.comprehension();
        walk(c.iterRange(), locals, out);
        Set<String> inner = new HashSet<>(locals);
        inner.add(c.iterVar());
        inner.add(c.accuVar());
        if (!c.iterVar2().isEmpty()) {
          inner.add(c.iterVar2());
        }
        walk(c.accuInit(), inner, out);
        walk(c.loopCondition(), inner, out);
        walk(c.loopStep(), inner, out);
        walk(c.result(), inner, out);
      }
      default -> { }
    }
  }

  /** {@code a.b.c} for a chain of selects on a name; empty for anything else. */
  static Optional<String> path(CelExpr e) {
    return switch (e.getKind()) {
      case IDENT -> Optional.of(e.ident().name());
      case SELECT -> e.select().testOnly() ? Optional.empty()
          : path(e.select().operand()).map(p -> p + "." + e.select().field());
      default -> Optional.empty();
    };
  }

  static List<BigInteger> integerLiterals(CelAbstractSyntaxTree ast) {
    List<BigInteger> out = new ArrayList<>();
    literals(ast.getExpr(), false, out);
    return out.stream().distinct().toList();
  }

  private static void literals(CelExpr e, boolean negated, List<BigInteger> out) {
    switch (e.getKind()) {
      case CONSTANT -> constant(e.constant()).ifPresent(v -> out.add(negated ? v.negate() : v));
      case SELECT -> literals(e.select().operand(), false, out);
      case CALL -> {
        boolean neg = e.call().function().equals("-_");
        e.call().target().ifPresent(t -> literals(t, false, out));
        e.call().args().forEach(a -> literals(a, neg, out));
      }
      case LIST -> e.list().elements().forEach(a -> literals(a, false, out));
      case MAP -> e.map().entries().forEach(en -> {
        literals(en.key(), false, out);
        literals(en.value(), false, out);
      });
      case COMPREHENSION -> {
        var c = e.comprehension();
        literals(c.iterRange(), false, out);
        literals(c.loopStep(), false, out);
      }
      default -> { }
    }
  }

  private static Optional<BigInteger> constant(CelConstant c) {
    return switch (c.getKind()) {
      case INT64_VALUE -> Optional.of(BigInteger.valueOf(c.int64Value()));
      case UINT64_VALUE -> Optional.of(c.uint64Value().bigIntegerValue());
      default -> Optional.empty();
    };
  }

  static List<Comparison> comparisons(CelAbstractSyntaxTree ast) {
    List<Comparison> out = new ArrayList<>();
    conjuncts(ast.getExpr(), out);
    return out;
  }

  private static void conjuncts(CelExpr e, List<Comparison> out) {
    if (e.getKind() != CelExpr.ExprKind.Kind.CALL) {
      return;
    }
    String fn = e.call().function();
    if (fn.equals("_&&_")) {
      e.call().args().forEach(a -> conjuncts(a, out));
      return;
    }
    if (!SYMBOL.containsKey(fn) || e.call().args().size() != 2) {
      return;
    }
    CelExpr l = e.call().args().get(0);
    CelExpr r = e.call().args().get(1);
    Optional<String> lp = path(l);
    Optional<BigInteger> rc = signedConstant(r);
    if (lp.isPresent() && rc.isPresent()) {
      out.add(new Comparison(lp.get(), SYMBOL.get(fn), rc.get()));
      return;
    }
    Optional<String> rp = path(r);
    Optional<BigInteger> lc = signedConstant(l);
    if (rp.isPresent() && lc.isPresent()) {
      out.add(new Comparison(rp.get(), FLIPPED.get(fn), lc.get()));
    }
  }

  private static Optional<BigInteger> signedConstant(CelExpr e) {
    if (e.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
      return constant(e.constant());
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().function().equals("-_")
        && e.call().args().size() == 1) {
      return signedConstant(e.call().args().getFirst()).map(BigInteger::negate);
    }
    return Optional.empty();
  }
}
