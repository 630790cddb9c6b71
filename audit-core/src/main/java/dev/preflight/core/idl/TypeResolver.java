package dev.preflight.core.idl;

import dev.preflight.core.idl.IdlType.ArrayLength;
import dev.preflight.core.idl.IdlType.GenericArg;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@link IdlType.Defined} references of one IDL into concrete definitions: generic
 * parameters substituted by the arguments, const generics by their values. Results are cached per
 * IDL (instances are never shared across IDLs, so no static state).
 */
final class TypeResolver {

  /** A definition with every generic parameter substituted. */
  record Resolved(IdlTypeDef def, IdlTypeDef.Body body) {}

  private final String source;
  private final Map<String, IdlTypeDef> types;
  private final Map<IdlType.Defined, Resolved> cache = new ConcurrentHashMap<>();

  TypeResolver(String source, Map<String, IdlTypeDef> types) {
    this.source = source;
    this.types = types;
  }

  Optional<IdlTypeDef> def(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /**
   * The concrete definition for a concrete reference.
   *
   * @throws IdlException when the type is unknown or the generic arguments do not fit
   */
  Resolved resolve(IdlType.Defined ref) {
    Resolved hit = cache.get(ref);
    if (hit != null) {
      return hit;
    }
    IdlTypeDef def = types.get(ref.name());
    if (def == null) {
      throw new IdlException(source, "", "type '" + ref.name() + "' is not defined", "Add it to the IDL's types");
    }
    if (def.generics().size() != ref.generics().size()) {
      throw new IdlException(
          source,
          "",
          "type '" + def.name() + "' has " + def.generics().size() + " generic parameter(s) but is used with "
              + ref.generics().size(),
          "Fix the generic arguments where '" + def.name() + "' is used");
    }
    Map<String, GenericArg> env = new HashMap<>();
    for (int i = 0; i < def.generics().size(); i++) {
      env.put(def.generics().get(i).name(), ref.generics().get(i));
    }
    IdlTypeDef.Body body =
        switch (def.body()) {
          case IdlTypeDef.Struct s -> new IdlTypeDef.Struct(substFields(s.fields(), env, def.name()));
          case IdlTypeDef.Alias a -> new IdlTypeDef.Alias(subst(a.target(), env, def.name()));
          case IdlTypeDef.Enum e -> {
            List<IdlTypeDef.EnumVariant> vs = new ArrayList<>(e.variants().size());
            for (IdlTypeDef.EnumVariant v : e.variants()) {
              vs.add(new IdlTypeDef.EnumVariant(v.name(), substFields(v.fields(), env, def.name()), v.tagValue(),
                  v.frames()));
            }
            yield new IdlTypeDef.Enum(vs, e.tag(), e.tagBigEndian());
          }
        };
    Resolved r = new Resolved(def, body);
    cache.put(ref, r);
    return r;
  }

  private IdlFields substFields(IdlFields fields, Map<String, GenericArg> env, String owner) {
    if (env.isEmpty()) {
      return fields;
    }
    return switch (fields) {
      case IdlFields.None n -> n;
      case IdlFields.Named n -> {
        List<IdlField> out = new ArrayList<>(n.fields().size());
        for (IdlField f : n.fields()) {
          out.add(new IdlField(f.name(), subst(f.type(), env, owner), f.docs()));
        }
        yield new IdlFields.Named(out);
      }
      case IdlFields.Tuple t -> {
        List<IdlType> out = new ArrayList<>(t.types().size());
        for (IdlType ty : t.types()) {
          out.add(subst(ty, env, owner));
        }
        yield new IdlFields.Tuple(out);
      }
    };
  }

  /** Substitutes generic parameters in {@code t}; with an empty environment returns {@code t}. */
  IdlType subst(IdlType t, Map<String, GenericArg> env, String owner) {
    if (env.isEmpty()) {
      return t;
    }
    return switch (t) {
      case IdlType.Primitive p -> p;
      case IdlType.Option o -> new IdlType.Option(subst(o.inner(), env, owner), o.tag());
      case IdlType.COption o -> new IdlType.COption(subst(o.inner(), env, owner));
      case IdlType.Vec v -> new IdlType.Vec(subst(v.inner(), env, owner), v.count());
      case IdlType.Array a -> new IdlType.Array(subst(a.inner(), env, owner), substLength(a.length(), env, owner));
      case IdlType.Defined d -> {
        List<GenericArg> args = new ArrayList<>(d.generics().size());
        for (GenericArg g : d.generics()) {
          args.add(
              switch (g) {
                case GenericArg.TypeArg ta -> new GenericArg.TypeArg(subst(ta.type(), env, owner));
                case GenericArg.ConstArg ca ->
                    env.get(ca.value()) instanceof GenericArg.ConstArg outer ? outer : ca;
              });
        }
        yield new IdlType.Defined(d.name(), args);
      }
      case IdlType.GenericParam g -> {
        GenericArg arg = env.get(g.name());
        if (arg instanceof GenericArg.TypeArg ta) {
          yield ta.type();
        }
        throw new IdlException(
            source,
            "",
            "type '" + owner + "' uses generic '" + g.name() + "' as a type but "
                + (arg == null ? "no argument was given for it" : "it was given the const value " + arg),
            "Fix the generic arguments in the IDL");
      }
    };
  }

  private ArrayLength substLength(ArrayLength len, Map<String, GenericArg> env, String owner) {
    if (len instanceof ArrayLength.Generic g) {
      GenericArg arg = env.get(g.name());
      if (arg instanceof GenericArg.ConstArg ca) {
        return new ArrayLength.Fixed(parseLength(ca.value(), owner));
      }
      throw new IdlException(
          source,
          "",
          "type '" + owner + "' uses '" + g.name() + "' as an array length but "
              + (arg == null ? "no const argument was given for it" : "it was given the type " + arg),
          "Pass a const generic argument, e.g. {\"kind\": \"const\", \"value\": \"8\"}");
    }
    return len;
  }

  int parseLength(String text, String owner) {
    try {
      BigInteger v = new BigInteger(text.trim().replace("_", ""));
      if (v.signum() < 0 || v.bitLength() > 31) {
        throw new NumberFormatException();
      }
      return v.intValue();
    } catch (NumberFormatException e) {
      throw new IdlException(
          source,
          "",
          "array length '" + text + "' used by type '" + owner + "' is not a number from 0 to " + Integer.MAX_VALUE,
          "Fix the const generic argument");
    }
  }
}
