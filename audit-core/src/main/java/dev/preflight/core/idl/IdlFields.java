package dev.preflight.core.idl;

import java.util.List;

/** The fields of a struct or of an enum variant: none, named, or positional (tuple). */
public sealed interface IdlFields permits IdlFields.None, IdlFields.Named, IdlFields.Tuple {

  /** Number of fields. */
  int size();

  /** A unit struct or a unit enum variant. */
  record None() implements IdlFields {
    @Override
    public int size() {
      return 0;
    }
  }

  record Named(List<IdlField> fields) implements IdlFields {
    public Named {
      fields = List.copyOf(fields);
    }

    @Override
    public int size() {
      return fields.size();
    }
  }

  record Tuple(List<IdlType> types) implements IdlFields {
    public Tuple {
      types = List.copyOf(types);
    }

    @Override
    public int size() {
      return types.size();
    }
  }

  IdlFields NONE = new None();
}
