package dev.preflight.core.expr;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlFields;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.idl.IdlTypeDef;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IDL's types as CEL sees them, and IDL values as CEL values.
 *
 * <ul>
 *   <li>Integers of every width are CEL {@code int}: the checker lets {@code u64} and {@code i64}
 *       fields meet and a constant multiply them without {@code u} suffixes; at run time a value
 *       beyond the signed 64-bit range stays exact (see {@link WideIntegers}).
 *   <li>Public keys are base58 strings; {@code bytes} a list of ints; floats doubles.
 *   <li>An {@code Option} is its value when present and an absent field when {@code None}, so
 *       {@code has(x.field)} tells them apart.
 *   <li>A struct is a CEL object type named {@code idl.<Name>} with the IDL's fields.
 *   <li>An enum whose variants carry no data is the variant's name as a string ({@code
 *       sale.status == "Active"}); an enum with data is an object with {@code kind} (the variant's
 *       name) and the variant's fields ({@code args.update.kind == "SetPlatformFee" &&
 *       args.update.fee_bps <= 1000}); positional fields are {@code _0}, {@code _1}.
 * </ul>
 */
final class IdlCel implements CelTypeProvider {
  static final String PREFIX = "idl.";

  private final Idl idl;
  private final Map<String, CelType> types = new ConcurrentHashMap<>();
  /** Every field name of every IDL type: candidates for "did you mean". */
  private final Set<String> fieldNames = new LinkedHashSet<>();

  IdlCel(Idl idl) {
    this.idl = idl;
    for (String name : idl.types().keySet()) {
      typeOfDefined(name);
    }
  }

  Idl idl() {
    return idl;
  }

  Set<String> fieldNames() {
    return fieldNames;
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(types.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(types.get(typeName));
  }

  /** Registers a struct type built outside the IDL (the arguments of a call, its accounts). */
  StructType struct(String name, Map<String, CelType> fields) {
    Map<String, CelType> copy = Map.copyOf(fields);
    fieldNames.addAll(copy.keySet());
    StructType t = StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
        f -> Optional.ofNullable(copy.get(f)));
    types.put(name, t);
    return t;
  }

  CelType typeOf(IdlType t) {
    return switch (t) {
      case IdlType.Primitive p -> switch (p.kind()) {
        case BOOL -> SimpleType.BOOL;
        case F32, F64 -> SimpleType.DOUBLE;
        case STRING, PUBKEY -> SimpleType.STRING;
        case BYTES -> ListType.create(SimpleType.INT);
        default -> SimpleType.INT;
      };
      case IdlType.Option o -> typeOf(o.inner());
      case IdlType.COption o -> typeOf(o.inner());
      case IdlType.Vec v -> ListType.create(typeOf(v.inner()));
      case IdlType.Array a -> ListType.create(typeOf(a.inner()));
      case IdlType.Defined d -> typeOfDefined(d.name());
      case IdlType.GenericParam g -> SimpleType.DYN;
    };
  }

  /** The CEL type of the IDL type {@code name} ({@code Sale}), or dyn when the IDL has none. */
  CelType typeOfDefined(String name) {
    CelType known = types.get(PREFIX + name);
    if (known != null) {
      return known;
    }
    Optional<IdlTypeDef> def = idl.type(name);
    if (def.isEmpty() || !def.get().generics().isEmpty()) {
      return SimpleType.DYN;
    }
    return switch (def.get().body()) {
      case IdlTypeDef.Alias a -> typeOf(a.target());
      case IdlTypeDef.Struct s -> {
        Map<String, IdlType> fields = new LinkedHashMap<>();
        fieldsOf(s.fields()).forEach(fields::put);
        yield lazyStruct(PREFIX + name, fields);
      }
      case IdlTypeDef.Enum e -> {
        if (e.variants().stream().allMatch(v -> v.fields().size() == 0)) {
          yield SimpleType.STRING;
        }
        Map<String, IdlType> fields = new LinkedHashMap<>();
        Set<String> conflicting = new LinkedHashSet<>();
        for (IdlTypeDef.EnumVariant v : e.variants()) {
          fieldsOf(v.fields()).forEach((f, ft) -> {
            IdlType prev = fields.putIfAbsent(f, ft);
            if (prev != null && !prev.equals(ft)) {
              conflicting.add(f);
            }
          });
        }
        yield lazyStruct(PREFIX + name, fields, conflicting, true);
      }
    };
  }

  private CelType lazyStruct(String name, Map<String, IdlType> fields) {
    return lazyStruct(name, fields, Set.of(), false);
  }

  /** Field types are resolved on demand, so recursive IDL types are fine. */
  private CelType lazyStruct(String name, Map<String, IdlType> fields, Set<String> dyn,
                             boolean withKind) {
    Map<String, IdlType> copy = new LinkedHashMap<>(fields);
    Set<String> names = new LinkedHashSet<>();
    if (withKind) {
      names.add("kind");
    }
    names.addAll(copy.keySet());
    fieldNames.addAll(names);
    Set<String> dynCopy = Set.copyOf(dyn);
    StructType t = StructType.create(name, ImmutableSet.copyOf(names), f -> {
      if (withKind && f.equals("kind")) {
        return Optional.of(SimpleType.STRING);
      }
      if (dynCopy.contains(f)) {
        return Optional.of(SimpleType.DYN);
      }
      IdlType ft = copy.get(f);
      return ft == null ? Optional.empty() : Optional.of(typeOf(ft));
    });
    types.put(name, t);
    return t;
  }

  static Map<String, IdlType> fieldsOf(IdlFields fields) {
    Map<String, IdlType> out = new LinkedHashMap<>();
    switch (fields) {
      case IdlFields.Named n -> n.fields().forEach(f -> out.putIfAbsent(f.name(), f.type()));
      case IdlFields.Tuple t -> {
        for (int i = 0; i < t.types().size(); i++) {
          out.put("_" + i, t.types().get(i));
        }
      }
      case IdlFields.None none -> { }
    }
    return out;
  }

  static Map<String, IdlType> fieldsOf(List<IdlField> fields) {
    return fieldsOf(new IdlFields.Named(fields));
  }

  // ---- values -------------------------------------------------------------------------------

  /** {@code v} as a CEL value; {@code type} (when known) decides how an enum looks. */
  Object value(IdlValue v, Optional<IdlType> type) {
    return switch (v) {
      case IdlValue.BoolValue b -> b.value();
      case IdlValue.IntValue i -> WideIntegers.normalize(i.value());
      case IdlValue.FloatValue f -> f.value();
      case IdlValue.StringValue s -> s.value();
      case IdlValue.PubkeyValue k -> k.value().toBase58();
      case IdlValue.BytesValue b -> {
        List<Object> out = new ArrayList<>();
        for (byte x : b.value()) {
          out.add((long) (x & 0xFF));
        }
        yield out;
      }
      case IdlValue.OptionValue o -> o.value().map(x -> value(x, type.map(IdlCel::inner)))
          .orElse(dev.cel.common.values.NullValue.NULL_VALUE);
      case IdlValue.SeqValue s -> list(s.elements(), type.map(IdlCel::element));
      case IdlValue.TupleValue t -> list(t.elements(), Optional.empty());
      case IdlValue.StructValue s -> struct(s, type.flatMap(this::structFields));
      case IdlValue.EnumValue e -> enumValue(e, type);
    };
  }

  /** A struct's fields as a map; {@code None} options are left out. */
  Map<String, Object> struct(IdlValue.StructValue s, Optional<Map<String, IdlType>> fieldTypes) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (IdlValue.Field f : s.fields()) {
      if (f.value() instanceof IdlValue.OptionValue o && o.value().isEmpty()) {
        continue;
      }
      out.putIfAbsent(f.name(), value(f.value(),
          fieldTypes.flatMap(m -> Optional.ofNullable(m.get(f.name())))));
    }
    return out;
  }

  private List<Object> list(List<IdlValue> elements, Optional<IdlType> element) {
    List<Object> out = new ArrayList<>(elements.size());
    for (IdlValue e : elements) {
      out.add(value(e, element));
    }
    return out;
  }

  private Object enumValue(IdlValue.EnumValue e, Optional<IdlType> type) {
    boolean unitOnly = type.flatMap(this::enumDef)
        .map(en -> en.variants().stream().allMatch(v -> v.fields().size() == 0))
        .orElse(e.payload().isEmpty());
    if (unitOnly) {
      return e.variant();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", e.variant());
    Optional<Map<String, IdlType>> variantFields = type.flatMap(this::enumDef)
        .flatMap(en -> en.variants().stream().filter(v -> v.name().equals(e.variant()))
            .findFirst()).map(v -> fieldsOf(v.fields()));
    switch (e.payload().orElse(null)) {
      case IdlValue.StructValue s -> out.putAll(struct(s, variantFields));
      case IdlValue.TupleValue t -> {
        for (int i = 0; i < t.elements().size(); i++) {
          IdlValue x = t.elements().get(i);
          if (!(x instanceof IdlValue.OptionValue o && o.value().isEmpty())) {
            String key = "_" + i;
            out.put(key, value(x, variantFields.flatMap(m -> Optional.ofNullable(m.get(key)))));
          }
        }
      }
      case null -> { }
      default -> out.put("_0", value(e.payload().get(), Optional.empty()));
    }
    return out;
  }

  private Optional<IdlTypeDef.Enum> enumDef(IdlType t) {
    return resolved(t).flatMap(d -> d.body() instanceof IdlTypeDef.Enum en
        ? Optional.of(en) : Optional.empty());
  }

  Optional<Map<String, IdlType>> structFields(IdlType t) {
    return resolved(t).flatMap(d -> d.body() instanceof IdlTypeDef.Struct s
        ? Optional.of(fieldsOf(s.fields())) : Optional.empty());
  }

  private Optional<IdlTypeDef> resolved(IdlType t) {
    IdlType x = inner(t);
    for (int depth = 0; depth < 16 && x instanceof IdlType.Defined d; depth++) {
      Optional<IdlTypeDef> def = idl.type(d.name());
      if (def.isPresent() && def.get().body() instanceof IdlTypeDef.Alias a) {
        x = inner(a.target());
        continue;
      }
      return def;
    }
    return Optional.empty();
  }

  private static IdlType inner(IdlType t) {
    IdlType x = t;
    while (true) {
      if (x instanceof IdlType.Option o) {
        x = o.inner();
      } else if (x instanceof IdlType.COption o) {
        x = o.inner();
      } else {
        return x;
      }
    }
  }

  private static IdlType element(IdlType t) {
    return switch (inner(t)) {
      case IdlType.Vec v -> v.inner();
      case IdlType.Array a -> a.inner();
      default -> new IdlType.GenericParam("?");
    };
  }

  /** An account's type by its IDL account name ({@code Sale}). */
  Optional<IdlType> accountType(String accountName) {
    return idl.account(accountName).map(a -> a.type());
  }
}
